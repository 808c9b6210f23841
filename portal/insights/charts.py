"""Daily trend charts drawn on the server as inline SVG: no script, no external library.

Each chart is a line over the days of the period (a gap where a rate has no data), with a
title and a text description for assistive technology; the template also gives the numbers
as a table.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .tables import format_count, format_rate

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 28
MAX_X_LABELS = 6
Y_TICKS = 4


def count_axis_top(largest):
    """The top of a count axis: Y_TICKS equal whole steps (1, 2, 2.5 or 5 × 10ⁿ) reaching
    ``largest``."""
    needed = largest / Y_TICKS
    if needed <= 1:
        return Y_TICKS
    magnitude = 10 ** math.floor(math.log10(needed))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= needed and step == int(step):
            return int(step) * Y_TICKS
    return 10 * magnitude * Y_TICKS


def format_value(value, is_rate):
    return format_rate(value) if is_rate else format_count(value)


@dataclass
class Chart:
    key: str
    title: str
    points: list  # [(date, value or None)]
    is_rate: bool = False
    width: int = WIDTH
    height: int = HEIGHT
    segments: list = field(init=False)  # SVG path data, one per unbroken run of days
    dots: list = field(init=False)  # (x, y) of days with no neighbour to draw a line to
    y_ticks: list = field(init=False)  # (y, label) of the horizontal grid lines
    x_labels: list = field(init=False)  # (x, label, anchor) of the days named under the chart

    def __post_init__(self):
        values = [value for _day, value in self.points if value is not None]
        top = 1 if self.is_rate else count_axis_top(max(values, default=0))
        plot_width = self.width - LEFT - RIGHT
        plot_height = self.height - TOP - BOTTOM
        count = len(self.points)

        def x(index):
            if count == 1:
                return LEFT + plot_width / 2
            return LEFT + plot_width * index / (count - 1)

        def y(value):
            return TOP + plot_height * (1 - value / top)

        # Coordinates are formatted here, never by the template's localisation.
        self.left, self.right = f"{LEFT}", f"{self.width - RIGHT}"
        self.label_x = f"{LEFT - 6}"
        self.label_y = f"{self.height - 8}"
        self.segments, self.dots, run = [], [], []
        for index, (_day, value) in enumerate([*self.points, (None, None)]):
            if value is not None:
                run.append((x(index), y(value)))
                continue
            if len(run) == 1:
                self.dots.append((f"{run[0][0]:.1f}", f"{run[0][1]:.1f}"))
            elif run:
                self.segments.append("M" + " L".join(f"{px:.1f} {py:.1f}" for px, py in run))
            run = []
        self.y_ticks = [
            (f"{y(top * step / Y_TICKS):.1f}", format_value(top * step / Y_TICKS, self.is_rate))
            for step in range(Y_TICKS + 1)
        ]
        stride = max(1, math.ceil(count / MAX_X_LABELS))
        shown = list(range(0, count, stride))
        if count > 1 and shown[-1] != count - 1:
            if count - 1 - shown[-1] < stride / 2:
                shown.pop()
            shown.append(count - 1)
        anchors = {0: "start", count - 1: "end"} if count > 1 else {}
        self.x_labels = [
            (
                f"{x(index):.1f}",
                date_format(self.points[index][0], "j M"),
                anchors.get(index, "middle"),
            )
            for index in shown
        ]

    @property
    def description(self):
        known = [(day, value) for day, value in self.points if value is not None]
        if not self.points:
            return _("No days in this period.")
        first, last = self.points[0][0], self.points[-1][0]
        span = _("Daily values from %(first)s to %(last)s.") % {
            "first": date_format(first, "DATE_FORMAT"),
            "last": date_format(last, "DATE_FORMAT"),
        }
        if not known:
            return f"{span} {_('No data.')}"
        low = min(known, key=lambda point: point[1])
        high = max(known, key=lambda point: point[1])
        return " ".join(
            [
                span,
                _("Lowest %(value)s on %(day)s, highest %(high)s on %(high_day)s.")
                % {
                    "value": format_value(low[1], self.is_rate),
                    "day": date_format(low[0], "DATE_FORMAT"),
                    "high": format_value(high[1], self.is_rate),
                    "high_day": date_format(high[0], "DATE_FORMAT"),
                },
            ]
        )

    @property
    def rows(self):
        return [(day, format_value(value, self.is_rate)) for day, value in self.points]


def trend_charts(daily_rows):
    """The four trend charts of the overview from ``figures.daily_trends`` rows."""

    def series(name):
        return [(row["day"], row[name]) for row in daily_rows]

    return [
        Chart("searches", _("Searches per day"), series("searches")),
        Chart("success_rate", _("Search success rate per day"), series("success_rate"), True),
        Chart("deflection_rate", _("Deflection rate per day"), series("deflection_rate"), True),
        Chart("tickets", _("Tickets per day"), series("tickets")),
    ]
