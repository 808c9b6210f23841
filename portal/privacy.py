"""Retention and data-subject requests for what shoppers leave in the portal.

- Searches, clicks and visit events are kept RETENTION_SEARCH_DAYS.
- Tickets (with their timeline and deliveries) are kept RETENTION_TICKET_DAYS.
- Votes are kept for the statistics, but after RETENTION_VOTER_KEY_DAYS the key that ties a
  vote to a browser is dropped, so an old vote can no longer be linked to anyone.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from portal.models import ArticleVote, SearchLog, Ticket, VisitEvent

ANONYMOUS_PREFIX = "purged-"


@dataclass
class PurgeReport:
    searches: int = 0
    visit_events: int = 0
    tickets: int = 0
    votes_anonymised: int = 0


def _cutoff(days, now):
    return now - timezone.timedelta(days=days)


@transaction.atomic
def purge(now=None, dry_run=False):
    now = now or timezone.now()
    search_cutoff = _cutoff(settings.RETENTION_SEARCH_DAYS, now)
    searches = SearchLog.objects.filter(created_at__lt=search_cutoff)  # clicks cascade
    events = VisitEvent.objects.filter(created_at__lt=search_cutoff)
    tickets = Ticket.objects.filter(created_at__lt=_cutoff(settings.RETENTION_TICKET_DAYS, now))
    votes = ArticleVote.objects.filter(
        updated_at__lt=_cutoff(settings.RETENTION_VOTER_KEY_DAYS, now)
    ).exclude(voter_key__startswith=ANONYMOUS_PREFIX)
    report = PurgeReport(
        searches=searches.count(),
        visit_events=events.count(),
        tickets=tickets.count(),
        votes_anonymised=votes.count(),
    )
    if not dry_run:
        events.delete()
        searches.delete()
        tickets.delete()  # deliveries cascade
        votes.update(voter_key=Concat(Value(ANONYMOUS_PREFIX), F("pk")), visit_key="")
    return report


def export(email):
    """Everything stored for ``email``: its tickets, their timelines and deliveries."""
    tickets = Ticket.objects.filter(email__iexact=email.strip()).prefetch_related("deliveries")
    return {
        "email": email,
        "exported_at": timezone.now(),
        "tickets": [
            {
                "reference": ticket.reference,
                "created_at": ticket.created_at,
                "status": ticket.status,
                "language": ticket.language,
                "topic": ticket.topic,
                "name": ticket.name,
                "email": ticket.email,
                "order_number": ticket.order_number,
                "subject": ticket.subject,
                "message": ticket.message,
                "entry_page": ticket.entry_page,
                "timeline": ticket.timeline,
                "deliveries": [
                    {"channel": d.channel, "status": d.status, "sent_at": d.sent_at}
                    for d in ticket.deliveries.all()
                ],
            }
            for ticket in tickets
        ],
    }


@transaction.atomic
def erase(email):
    """Delete every ticket of ``email`` (with timelines and deliveries); return how many."""
    tickets = Ticket.objects.filter(email__iexact=email.strip())
    count = tickets.count()
    tickets.delete()
    return count
