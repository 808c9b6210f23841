"""Creating a ticket: stored with the visit's timeline before anything is sent."""

from django.db import transaction
from django.utils.translation import get_language

from portal.visits import events, visitors
from portal.visits.models import VisitEvent

from . import timeline
from .deliveries.retries import schedule_ticket_deliveries
from .models import SupportSettings, Ticket


@transaction.atomic
def create_ticket(request, data, article):
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
        entry_page=(request.POST.get("entry_page") or "")[:500],
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
