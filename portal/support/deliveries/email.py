"""The acknowledgement e-mail a shopper gets for a new ticket, in the ticket's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator

EXCERPT_LENGTH = 300


def send_acknowledgement(ticket):
    """E-mail the shopper that their request arrived, in the ticket's language."""
    reply_to = getattr(settings, "SUPPORT_REPLY_TO_EMAIL", "")
    with translation.override(ticket.language):
        context = acknowledgement_context(ticket, can_reply=bool(reply_to))
        subject = " ".join(
            render_to_string("emails/ticket_acknowledgement_subject.txt", context).split()
        )
        text = render_to_string("emails/ticket_acknowledgement.txt", context)
        html = render_to_string("emails/ticket_acknowledgement.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [ticket.email],
        reply_to=[reply_to] if reply_to else None,
        headers={"Auto-Submitted": "auto-generated", "Content-Language": ticket.language},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def acknowledgement_context(ticket, can_reply=False):
    return {
        "ticket": ticket,
        "language": ticket.language,
        "topic": ticket.get_topic_display(),
        "excerpt": Truncator(ticket.message.strip()).chars(EXCERPT_LENGTH),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "can_reply": can_reply,
    }
