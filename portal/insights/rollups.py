"""Daily roll-ups of searches, tickets, visits, contact-form visits and article views
(portal.insights.models).

Each day is rolled up from the raw records by a few grouped queries. Pages call
``ensure(days)`` before reading: a day without roll-up, or one whose roll-up may have missed
activity, is rolled up again on the spot, so figures never lag behind by more than
``INSIGHTS_REFRESH_SECONDS`` (default 300) and a page works even if the daily task never ran.
A day's roll-up is final once it was computed ``SETTLE`` after the day ended (late result
clicks of the day's searches are in by then).

Distinct visits over a period are not a sum of daily counts (a visit past midnight has steps
on two days), so each day also keeps how many of its visits had a step the day before:
visits in days D1…Dn = Σ visits(Di) − Σ continued(Di) for i > 1.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils import timezone

from portal.sitesearch.models import SearchClick, SearchLog
from portal.support.models import Ticket
from portal.visits.models import VisitEvent

from .models import (
    DailyArticleViews,
    DailyContactVisit,
    DailyFigures,
    DailyQueryFigures,
    DailySourceTickets,
)
from .periods import midnight

logger = logging.getLogger(__name__)

SETTLE = datetime.timedelta(hours=2)
ALL = ""  # the language of the every-language rows
SEARCH_FIELDS = (
    "searches",
    "zero_result_searches",
    "page_searches",
    "clicked_page_searches",
)


def refresh_seconds():
    return getattr(settings, "INSIGHTS_REFRESH_SECONDS", 300)


def day_bounds(day):
    return midnight(day), midnight(day + datetime.timedelta(days=1))


def current_marker():
    values = [
        model.objects.aggregate(newest=Max("pk"))["newest"] or 0
        for model in (SearchLog, SearchClick, VisitEvent, Ticket)
    ]
    return ":".join(str(value) for value in values)


def ensure(days, now=None):
    """Roll up those of ``days`` whose figures are missing or may be out of date."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = sorted({day for day in days if day <= today})
    if not days:
        return []
    known = {
        row["day"]: row
        for row in DailyFigures.objects.filter(day__in=days, language=ALL).values(
            "day", "computed_at", "marker"
        )
    }
    marker = None
    stale = []
    for day in days:
        row = known.get(day)
        if row is not None:
            if row["computed_at"] >= day_bounds(day)[1] + SETTLE:
                continue  # final
            if (now - row["computed_at"]).total_seconds() < refresh_seconds():
                continue
            if marker is None:
                marker = current_marker()
            if row["marker"] == marker:
                continue
        stale.append(day)
    for day in stale:
        try:
            roll_up(day, now=now)
        except IntegrityError:
            # Another request rolled the same day up at the same moment; its rows stand.
            logger.info("Insights for %s were being rolled up concurrently", day)
    return stale


def rebuild(since, until=None):
    """Roll up every day from ``since`` (a date or datetime) to ``until`` (default today)."""
    if isinstance(since, datetime.datetime):
        since = timezone.localdate(since)
    until = until or timezone.localdate()
    day, count = since, 0
    while day <= until:
        roll_up(day)
        day += datetime.timedelta(days=1)
        count += 1
    return count


def purge(before, dry_run=False):
    """Delete the query texts of days before ``before`` (the counts per day are kept).
    Returns how many rows went and the texts that no later day has (whose cached query
    vectors may go too: gaps.purge_query_texts)."""
    old = DailyQueryFigures.objects.filter(day__lt=before)
    if dry_run:
        return old.count(), set()
    texts = set(old.values_list("normalized_query", flat=True).distinct())
    deleted = old.delete()[0]
    candidates = list(texts)
    for start in range(0, len(candidates), 500):
        kept = DailyQueryFigures.objects.filter(
            normalized_query__in=candidates[start : start + 500]
        ).values_list("normalized_query", flat=True)
        texts -= set(kept.distinct())
    return deleted, texts


@transaction.atomic
def roll_up(day, now=None):
    """Recompute the figures of one day from the raw records."""
    marker = current_marker()  # taken first: anything newer makes the day stale again
    computed_at = now or timezone.now()
    start, end = day_bounds(day)
    for model in (
        DailyQueryFigures,
        DailyArticleViews,
        DailyContactVisit,
        DailySourceTickets,
        DailyFigures,
    ):
        model.objects.filter(day=day).delete()

    DailyQueryFigures.objects.bulk_create(
        [DailyQueryFigures(day=day, **row) for row in _query_rows(start, end)], batch_size=2000
    )
    DailyArticleViews.objects.bulk_create(
        [
            DailyArticleViews(day=day, **row)
            for row in VisitEvent.objects.filter(
                kind=VisitEvent.Kind.ARTICLE_VIEW,
                created_at__gte=start,
                created_at__lt=end,
                article_id__isnull=False,
            )
            .values("language", "article_id")
            .annotate(views=Count("pk"))
            .order_by()
        ],
        batch_size=2000,
    )

    DailyContactVisit.objects.bulk_create(
        [DailyContactVisit(day=day, **row) for row in _contact_rows(start, end)], batch_size=2000
    )

    searches = {
        row.pop("language"): row
        for row in DailyQueryFigures.objects.filter(day=day)
        .values("language")
        .annotate(**{name: Sum(name) for name in SEARCH_FIELDS})
        .order_by()
    }
    searches[ALL] = {name: sum(row[name] for row in searches.values()) for name in SEARCH_FIELDS}
    by_source = list(_ticket_rows(start, end).values("language", "source", *TICKET_FIELDS))
    DailySourceTickets.objects.bulk_create(
        [DailySourceTickets(day=day, **row) for row in by_source]
    )
    tickets = _ticket_counts(by_source)
    visits = _visit_counts(start, end)
    languages = set(searches) | set(tickets) | set(visits) | {ALL}
    DailyFigures.objects.bulk_create(
        [
            DailyFigures(
                day=day,
                language=language,
                computed_at=computed_at,
                marker=marker,
                **searches.get(language, {}),
                **tickets.get(language, {}),
                **visits.get(language, {}),
            )
            for language in sorted(languages)
        ]
    )


def _query_rows(start, end):
    clicked = Exists(SearchClick.objects.filter(search=OuterRef("pk")))
    page = Q(source=SearchLog.Source.PAGE)
    return (
        SearchLog.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(clicked=clicked)
        .values("language", "normalized_query", "source")
        .annotate(
            searches=Count("pk"),
            zero_result_searches=Count("pk", filter=Q(result_count=0)),
            page_searches=Count("pk", filter=page),
            clicked_page_searches=Count("pk", filter=page & Q(clicked=True)),
            unclicked_page_searches=Count("pk", filter=page & Q(clicked=False, result_count__gt=0)),
        )
        .order_by()
    )


def deflection_flags(contact_views):
    """Annotate contact-form openings with whether a suggested article was opened after
    them in the visit, and whether the visit sent a ticket (at any time)."""
    later_suggestion = VisitEvent.objects.filter(
        visit_key=OuterRef("visit_key"),
        kind=VisitEvent.Kind.SUGGESTION_OPENED,
        created_at__gt=OuterRef("created_at"),
    )
    ticket = VisitEvent.objects.filter(visit_key=OuterRef("visit_key"), kind=VisitEvent.Kind.TICKET)
    return contact_views.annotate(
        suggestion_later=Exists(later_suggestion), has_ticket=Exists(ticket)
    )


DEFLECTED = Q(suggestion_later=True, has_ticket=False)


def _contact_rows(start, end):
    """One row per visit and language that opened the contact form in [start, end). A visit
    with a suggestion opened after *any* of these openings also has one after the first."""
    views = VisitEvent.objects.filter(
        kind=VisitEvent.Kind.CONTACT_VIEW, created_at__gte=start, created_at__lt=end
    )
    return [
        {"language": row["language"], "visit_key": row["visit_key"], "deflected": row["n"] > 0}
        for row in deflection_flags(views)
        .values("language", "visit_key")
        .annotate(n=Count("pk", filter=DEFLECTED))
        .order_by()
    ]


TICKET_FIELDS = ("tickets", "tickets_after_search")


def _ticket_rows(start, end):
    """Tickets and tickets after a search per language and source."""
    searched_before = VisitEvent.objects.filter(
        visit_key=OuterRef("visit_key"),
        kind=VisitEvent.Kind.SEARCH,
        created_at__lt=OuterRef("created_at"),
    )
    return (
        Ticket.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(after_search=Exists(searched_before))
        .values("language", "source")
        .annotate(
            tickets=Count("pk"), tickets_after_search=Count("pk", filter=Q(after_search=True))
        )
        .order_by()
    )


def _ticket_counts(rows):
    """{language: {"tickets": n, "tickets_after_search": m}}, with ALL for every language,
    from the per-source ``rows``."""
    counts = {}
    for row in rows:
        language = counts.setdefault(row["language"], dict.fromkeys(TICKET_FIELDS, 0))
        for name in TICKET_FIELDS:
            language[name] += row[name]
    counts[ALL] = {name: sum(row[name] for row in counts.values()) for name in TICKET_FIELDS}
    return counts


def _visit_counts(start, end):
    """{language: {"visits": n, "continued_visits": m}}, with ALL for every language."""
    previous_start = start - datetime.timedelta(days=1)
    day_events = VisitEvent.objects.filter(created_at__gte=start, created_at__lt=end)
    earlier = VisitEvent.objects.filter(
        visit_key=OuterRef("visit_key"), created_at__gte=previous_start, created_at__lt=start
    )
    counts = {}
    for row in (
        day_events.values("language").annotate(visits=Count("visit_key", distinct=True)).order_by()
    ):
        counts[row["language"]] = {"visits": row["visits"], "continued_visits": 0}
    for row in (
        day_events.filter(Exists(earlier.filter(language=OuterRef("language"))))
        .values("language")
        .annotate(continued=Count("visit_key", distinct=True))
        .order_by()
    ):
        counts[row["language"]]["continued_visits"] = row["continued"]
    every = day_events.aggregate(visits=Count("visit_key", distinct=True))["visits"]
    continued = day_events.filter(Exists(earlier)).aggregate(n=Count("visit_key", distinct=True))[
        "n"
    ]
    # A visit's steps all have a language; "" only where none was active.
    counts.pop(ALL, None)
    counts[ALL] = {"visits": every, "continued_visits": continued}
    return counts
