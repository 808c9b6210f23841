"""The key figures and their daily trends, summed by the database from the daily roll-ups
(portal.insights.rollups), and from the votes themselves.

Definitions (also in the README and in the pages' help text):

- Searches: searches run in the period, from the search page, the storefront widget and
  the API.
- Search success rate: share of search-page searches that have at least one result opened.
- Zero-result rate: share of searches that found nothing.
- Contact-form visits: distinct visits that opened the contact form in the period.
- Deflected contacts: of those, visits that opened a suggested article after first opening
  the form and sent no ticket. Deflection rate: deflected contacts / contact-form visits.
- Tickets: tickets created in the period. Tickets after a search: tickets whose visit ran a
  search on the search page before the ticket was sent.
- Self-service ratio: distinct visits with any step in the period per ticket.
- Helpfulness rate: "yes" votes / all votes, counting votes last cast in the period (a
  changed vote counts once, with its latest answer).

A language filter applies to the record's own language: the search's, the visit step's
(the contact-form opening for deflection), the ticket's, the vote's. A source filter (the
help center's pages, the API, the storefront widget) applies to searches and tickets; the
other figures are of every source.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from portal.feedback.models import ArticleVote

from . import rollups
from .models import DailyContactVisit, DailyFigures, DailyQueryFigures, DailySourceTickets
from .tables import format_count

COUNT, RATE, RATIO = "count", "rate", "ratio"


def ratio(numerator, denominator):
    return numerator / denominator if denominator else None


@dataclass
class Figure:
    key: str
    label: str
    kind: str  # COUNT, RATE or RATIO
    value: float | None
    previous: float | None
    definition: str
    detail: str = ""

    @property
    def change(self):
        """Counts and ratios: relative change; rates: difference in percentage points."""
        if self.value is None or self.previous is None:
            return None
        if self.kind == RATE:
            return (self.value - self.previous) * 100
        if not self.previous:
            return None
        return (self.value - self.previous) / self.previous * 100


DEFINITIONS = {
    "searches": _(
        "Searches run in the period, from the search page, the storefront widget and through "
        "the API. A shopper "
        "paging through results counts once."
    ),
    "success_rate": _(
        "Share of searches on the search page after which the shopper opened at least one "
        "result (API searches are left out: their clicks happen in the shop)."
    ),
    "zero_result_rate": _("Share of all searches that found no article."),
    "contact_visits": _("Distinct visits in which the contact form was opened in the period."),
    "deflected": _(
        "Contact-form visits in which the shopper opened a suggested article after first "
        "opening the form, and sent no ticket in that visit."
    ),
    "deflection_rate": _("Deflected contacts divided by contact-form visits."),
    "tickets": _("Tickets created in the period."),
    "tickets_after_search": _(
        "Tickets whose visit ran a search on the search page before the ticket was sent."
    ),
    "self_service_ratio": _(
        "Help-center visits per ticket: distinct visits with any step in the period (a visit "
        "past midnight counts once) divided by tickets. “—” when there are no tickets."
    ),
    "helpfulness_rate": _(
        "“Yes” votes divided by all votes, counting each vote last cast in the period once, "
        "with its latest answer."
    ),
}


# Searches and visits, from the daily roll-ups ------------------------------------------------


def _daily_rows(period):
    rollups.ensure(period.day_list())
    return DailyFigures.objects.filter(
        day__gte=period.first_day, day__lte=period.last_day, language=period.language
    )


SEARCH_SUMS = {name: Sum(name) for name in rollups.SEARCH_FIELDS}


def _of_source(model, period):
    """Rows of a per-source roll-up for the period's days, language and source."""
    rollups.ensure(period.day_list())
    rows = model.objects.filter(
        day__gte=period.first_day, day__lte=period.last_day, source=period.source
    )
    return rows.filter(language=period.language) if period.language else rows


def search_totals(period):
    totals = _daily_rows(period).aggregate(
        **SEARCH_SUMS,
        visits=Sum("visits"),
        continued_visits=Sum("continued_visits", filter=Q(day__gt=period.first_day)),
    )
    if period.source:
        totals.update(_of_source(DailyQueryFigures, period).aggregate(**SEARCH_SUMS))
    return {name: value or 0 for name, value in totals.items()}


def visits(period):
    """Distinct visits with any step in the period (see rollups for how they add up)."""
    totals = search_totals(period)
    return totals["visits"] - totals["continued_visits"]


def daily_search_rows(period):
    """{day: {"searches": …, "page_searches": …, "clicked_page_searches": …}}"""
    if period.source:
        rows = _of_source(DailyQueryFigures, period).values("day").annotate(**SEARCH_SUMS)
        return {row["day"]: row for row in rows.order_by()}
    return {row["day"]: row for row in _daily_rows(period).values("day", *rollups.SEARCH_FIELDS)}


# Contact form and tickets, from the daily roll-ups ------------------------------------------


def _contact_rows(period):
    rollups.ensure(period.day_list())
    rows = DailyContactVisit.objects.filter(day__gte=period.first_day, day__lte=period.last_day)
    return rows.filter(language=period.language) if period.language else rows


def contact_totals(period):
    """Contact-form visits and deflected contacts; a visit counts once in the period."""
    return _contact_rows(period).aggregate(
        contact_visits=Count("visit_key", distinct=True),
        deflected=Count("visit_key", distinct=True, filter=Q(deflected=True)),
    )


def daily_contacts(period):
    """{day: {"contact_visits": n, "deflected": m}}; a visit counts on each day it opened
    the form."""
    rows = (
        _contact_rows(period)
        .values("day")
        .annotate(
            contact_visits=Count("visit_key", distinct=True),
            deflected=Count("visit_key", distinct=True, filter=Q(deflected=True)),
        )
        .order_by()
    )
    return {row["day"]: row for row in rows}


def _ticket_rows(period):
    return _of_source(DailySourceTickets, period) if period.source else _daily_rows(period)


def ticket_totals(period):
    totals = _ticket_rows(period).aggregate(
        tickets=Sum("tickets"), tickets_after_search=Sum("tickets_after_search")
    )
    return {name: value or 0 for name, value in totals.items()}


def daily_tickets(period):
    rows = _ticket_rows(period).values("day").annotate(n=Sum("tickets")).order_by()
    return {row["day"]: row["n"] for row in rows}


def vote_totals(period):
    return ArticleVote.objects.filter(period.within("updated_at")).aggregate(
        yes=Count("pk", filter=Q(helpful=True)), votes=Count("pk")
    )


# All together -------------------------------------------------------------------------------


def totals(period):
    """Every raw number the key figures are made of, for one period."""
    values = search_totals(period)
    values["visits"] = values["visits"] - values.pop("continued_visits")
    values.update(contact_totals(period))
    values.update(ticket_totals(period))
    values.update(vote_totals(period))
    return values


def key_figures(period):
    current, previous = totals(period), totals(period.previous())

    def figure(key, label, kind, compute, detail=""):
        return Figure(
            key=key,
            label=label,
            kind=kind,
            value=compute(current),
            previous=compute(previous),
            definition=DEFINITIONS[key],
            detail=detail,
        )

    return [
        figure("searches", _("Searches"), COUNT, lambda t: t["searches"]),
        figure(
            "success_rate",
            _("Search success rate"),
            RATE,
            lambda t: ratio(t["clicked_page_searches"], t["page_searches"]),
            _("%(clicked)s of %(page)s search-page searches")
            % {
                "clicked": format_count(current["clicked_page_searches"]),
                "page": format_count(current["page_searches"]),
            },
        ),
        figure(
            "zero_result_rate",
            _("Zero-result rate"),
            RATE,
            lambda t: ratio(t["zero_result_searches"], t["searches"]),
            _("%(zero)s searches found nothing")
            % {"zero": format_count(current["zero_result_searches"])},
        ),
        figure("contact_visits", _("Contact-form visits"), COUNT, lambda t: t["contact_visits"]),
        figure("deflected", _("Deflected contacts"), COUNT, lambda t: t["deflected"]),
        figure(
            "deflection_rate",
            _("Deflection rate"),
            RATE,
            lambda t: ratio(t["deflected"], t["contact_visits"]),
        ),
        figure("tickets", _("Tickets"), COUNT, lambda t: t["tickets"]),
        figure(
            "tickets_after_search",
            _("Tickets after a search"),
            COUNT,
            lambda t: t["tickets_after_search"],
        ),
        figure(
            "self_service_ratio",
            _("Self-service ratio"),
            RATIO,
            lambda t: ratio(t["visits"], t["tickets"]),
            _("%(visits)s help-center visits, %(tickets)s tickets")
            % {
                "visits": format_count(current["visits"]),
                "tickets": format_count(current["tickets"]),
            },
        ),
        figure(
            "helpfulness_rate",
            _("Helpfulness rate"),
            RATE,
            lambda t: ratio(t["yes"], t["votes"]),
            _("%(yes)s of %(votes)s votes")
            % {"yes": format_count(current["yes"]), "votes": format_count(current["votes"])},
        ),
    ]


def daily_trends(period):
    """One row per day of the period: searches, success rate, deflection rate, tickets."""
    searches = daily_search_rows(period)
    contacts = daily_contacts(period)
    tickets = daily_tickets(period)
    rows = []
    for day in period.day_list():
        search = searches.get(day, {})
        contact = contacts.get(day, {})
        rows.append(
            {
                "day": day,
                "searches": search.get("searches", 0),
                "page_searches": search.get("page_searches", 0),
                "clicked_page_searches": search.get("clicked_page_searches", 0),
                "success_rate": ratio(
                    search.get("clicked_page_searches", 0), search.get("page_searches", 0)
                ),
                "contact_visits": contact.get("contact_visits", 0),
                "deflected": contact.get("deflected", 0),
                "deflection_rate": ratio(
                    contact.get("deflected", 0), contact.get("contact_visits", 0)
                ),
                "tickets": tickets.get(day, 0),
            }
        )
    return rows
