"""A shopper's data requests: export or erase everything stored for an e-mail address.

Only tickets carry an address; searches and votes are stored without one and cannot be
linked to it (portal.visits.visitors)."""

from django.db import transaction
from django.utils import timezone

from .models import Ticket


def _tickets(email):
    return Ticket.objects.filter(email__iexact=email.strip())


def export(email):
    """Everything stored for ``email``: its tickets, their timelines and deliveries."""
    tickets = _tickets(email).prefetch_related("deliveries")
    return {
        "email": email,
        "exported_at": timezone.now(),
        "tickets": [
            {
                **ticket.as_data(),
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
    tickets = _tickets(email)
    count = tickets.count()
    tickets.delete()
    return count
