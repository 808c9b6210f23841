"""What shoppers search for, per normalised query (lower case, single spaces), from the daily
roll-ups.

A search has poor results when it found nothing (result count 0, any source), or when it
ran on the search page, found something, and the shopper opened none of it ("no click").
"""

from django.db.models import F, Sum

from . import rollups
from .models import DailyQueryFigures

TOP_LIMIT = 100


def query_figures(period):
    """Per (language, normalised query): searches, zero-result searches, search-page
    searches, those with a result opened, those with results but none opened, and poor."""
    rollups.ensure(period.day_list())
    rows = DailyQueryFigures.objects.filter(day__gte=period.first_day, day__lte=period.last_day)
    if period.language:
        rows = rows.filter(language=period.language)
    if period.source:
        rows = rows.filter(source=period.source)
    return (
        rows.values("language", "normalized_query")
        .annotate(
            searches=Sum("searches"),
            zero_result_searches=Sum("zero_result_searches"),
            page_searches=Sum("page_searches"),
            clicked_page_searches=Sum("clicked_page_searches"),
            unclicked_page_searches=Sum("unclicked_page_searches"),
        )
        .annotate(poor_searches=F("zero_result_searches") + F("unclicked_page_searches"))
        .order_by()
    )


def top_searches(period, limit=TOP_LIMIT):
    rows = query_figures(period).order_by("-searches", "language", "normalized_query")
    return [_with_rates(row) for row in rows[:limit]]


def poor_searches(period, limit):
    """Queries with poor results, most poor searches first."""
    rows = (
        query_figures(period)
        .filter(poor_searches__gt=0)
        .order_by("-poor_searches", "-searches", "language", "normalized_query")
    )
    return [_with_rates(row) for row in rows[:limit]]


def _with_rates(row):
    row["zero_result_rate"] = (
        row["zero_result_searches"] / row["searches"] if row["searches"] else None
    )
    row["success_rate"] = (
        row["clicked_page_searches"] / row["page_searches"] if row["page_searches"] else None
    )
    return row
