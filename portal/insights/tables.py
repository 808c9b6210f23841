"""Tables shown on the insights pages and exported as CSV from the same definition."""

import csv
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.formats import number_format

TEXT, COUNT, RATE, DECIMAL, LINK, LIST, CHANGE = (
    "text",
    "count",
    "rate",
    "decimal",
    "link",
    "list",
    "change",
)
NUMERIC = {COUNT, RATE, DECIMAL, CHANGE}
# A spreadsheet would run a cell starting with one of these as a formula; shoppers' queries
# and comments are exported, so such cells are prefixed with an apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(value, places, grouping=False):
    # number_format cuts digits off; round first.
    return number_format(round(value, places), places, force_grouping=grouping)


def format_count(value):
    return "—" if value is None else _number(value, 0, grouping=True)


def format_rate(value):
    return "—" if value is None else f"{_number(value * 100, 1)} %"


def format_decimal(value, places=1):
    return "—" if value is None else _number(value, places, grouping=True)


def format_change(value, unit):
    """ "+4.2 %" for relative changes, "+4.2 pp" for rates (percentage points)."""
    if value is None:
        return "—"
    if round(value, 1) == 0:
        return f"±{_number(0, 1)} {unit}"
    sign = "+" if value > 0 else "−"
    return f"{sign}{_number(abs(value), 1)} {unit}"


@dataclass
class Column:
    key: str
    label: str
    kind: str = TEXT
    url_key: str = ""  # LINK: the row key holding the address
    places: int = 1  # DECIMAL: digits after the decimal point
    csv: bool = True  # False: shown on the page only

    @property
    def numeric(self):
        return self.kind in NUMERIC


@dataclass
class Cell:
    text: str = ""
    url: str = ""
    items: list = field(default_factory=list)
    numeric: bool = False


@dataclass
class Table:
    name: str
    caption: str
    columns: list
    rows: list
    empty_text: str = ""
    row_header: bool = True  # the first column names the row
    page_limit: int | None = None  # rows shown on the page; the CSV has them all
    csv_url: str = ""

    @property
    def shown_rows(self):
        return self.rows[: self.page_limit] if self.page_limit else self.rows

    @property
    def hidden_count(self):
        return len(self.rows) - len(self.shown_rows)

    def html_rows(self):
        return [[self._cell(column, row) for column in self.columns] for row in self.shown_rows]

    def _cell(self, column, row):
        value = row.get(column.key)
        if column.kind == COUNT:
            return Cell(format_count(value), numeric=True)
        if column.kind == RATE:
            return Cell(format_rate(value), numeric=True)
        if column.kind == DECIMAL:
            return Cell(format_decimal(value, column.places), numeric=True)
        if column.kind == CHANGE:
            return Cell(str(value or "—"), numeric=True)
        if column.kind == LINK:
            text = "" if value is None else str(value)
            return Cell(text, url=(row.get(column.url_key) or "") if text else "")
        if column.kind == LIST:
            return Cell(items=[str(item) for item in value or []])
        return Cell("" if value is None else str(value))

    def csv_header(self):
        return [str(column.label) for column in self.columns if column.csv]

    def csv_rows(self):
        for row in self.rows:
            yield [_csv_value(column, row.get(column.key)) for column in self.columns if column.csv]


def _csv_value(column, value):
    if value is None:
        return ""
    if column.kind in (RATE, DECIMAL) and isinstance(value, float):
        return round(value, 4)
    if column.kind == LIST:
        value = " | ".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value if isinstance(value, int | float) else str(value)


def csv_response(table, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.csv_header())
    writer.writerows(table.csv_rows())
    return response
