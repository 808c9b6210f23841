"""Creating a ticket: stored with the visit's timeline before anything is sent."""

from django.db import IntegrityError, transaction
from django.utils.translation import get_language

from portal.visits import events, ratelimit, visitors
from portal.visits.models import VisitEvent

from . import timeline
from .deliveries.retries import schedule_ticket_deliveries
from .models import SupportSettings, Ticket, TicketSource

TICKETS_PER_HOUR_PER_VISITOR = 5
TICKETS_PER_HOUR_PER_CLIENT = 20


class TooManyTickets(Exception):
    """The visit or the client sent more requests in the last hour than allowed."""


def within_limits(request):
    return ratelimit.hit(
        "ticket", visitors.visit_key(request), TICKETS_PER_HOUR_PER_VISITOR, 3600
    ) and ratelimit.hit(
        "ticket-client", ratelimit.client_fingerprint(request), TICKETS_PER_HOUR_PER_CLIENT, 3600
    )


def submit_ticket(request, data, article, source=TicketSource.PAGE, entry_page=""):
    """The ticket for a valid ContactForm's ``data``: the one its form token already made
    (a replayed or double-clicked submission), else a new one. Raises TooManyTickets when
    the visit or client is over its hourly limit; nothing is stored then."""
    nonce = data["token"]
    existing = Ticket.objects.filter(submission_token=nonce).first()
    if existing is not None:
        return existing
    if not within_limits(request):
        raise TooManyTickets
    try:
        return create_ticket(request, data, article, source=source, entry_page=entry_page)
    except IntegrityError:
        ticket = Ticket.objects.filter(submission_token=nonce).first()
        if ticket is None:
            raise
        return ticket


@transaction.atomic
def create_ticket(request, data, article, source=TicketSource.PAGE, entry_page=""):
    """Store the shopper's request (``data``: a valid ContactForm's cleaned data) with
    the visit's steps, and queue its deliveries for after the commit."""
    settings = SupportSettings.load(request_or_site=request)
    steps = events.of_visit(request) if data["include_context"] else []
    ticket = Ticket.objects.create(
        language=get_language(),
        topic=data["topic"],
        name=data["name"],
        email=data["email"],
        order_number=data["order_number"],
        subject=data["subject"],
        message=data["message"],
        entry_page=entry_page[:500],
        source=source,
        article=article,
        response_time_hours=settings.response_time_hours(data["topic"]),
        timeline=timeline.build(steps),
        visit_key=visitors.visit_key(request),
        visitor_key=visitors.log_key(request),
        submission_token=data["token"],
    )
    events.record(request, VisitEvent.Kind.TICKET, article_id=article.pk if article else None)
    schedule_ticket_deliveries(ticket)
    return ticket
