"""The widget's contact form: its fields, the articles suggested while the shopper writes,
and sending it: the same form, checks and ticket as the contact page, with ``source``
"widget"."""

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.sitesearch import serializers
from portal.support import services as support
from portal.support import timeline
from portal.support.forms import ContactForm, new_token
from portal.support.models import TicketSource
from portal.support.templatetags.support_tags import response_time
from portal.support.views import (
    SHOWN_STEPS,
    article_from,
    article_topic,
    suggested_hits,
    too_many_message,
)
from portal.visits import events
from portal.visits.models import VisitEvent

from .http import form_errors, json_response, read_json, text_value, widget_api

FIELDS = ("name", "email", "topic", "order_number", "subject", "message", "homepage")


def _field(bound):
    widget = bound.field.widget
    data = {
        "name": bound.name,
        "label": str(bound.label),
        "help_text": str(bound.help_text or ""),
        "required": bound.field.required,
        "type": getattr(widget, "input_type", "textarea") or "textarea",
        "max_length": getattr(bound.field, "max_length", None),
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "initial": bound.initial if isinstance(bound.initial, str | bool) else "",
    }
    if hasattr(bound.field, "choices"):
        data["type"] = "select"
        data["choices"] = [{"value": v, "label": str(label)} for v, label in bound.field.choices]
    if bound.name == "include_context":
        data["type"] = "checkbox"
    return data


@widget_api("GET")
def suggestions(request):
    """Up to three articles for what the shopper is writing, as on the contact page."""
    hits, answer = suggested_hits(request, request.GET.get("q", ""))
    absolute = request.build_absolute_uri
    return json_response(
        {
            "suggestions": [serializers.hit_data(hit, absolute(hit.url)) for hit in hits],
            "answer": serializers.answer_data(answer, answer and absolute(answer.link), absolute),
        }
    )


@widget_api("GET", "POST")
def contact(request):
    """GET: the form to show; POST: send it (one address for both, like the contact page)."""
    return _send(request) if request.method == "POST" else _form(request)


def _form(request):
    """The contact form to show: its fields (labels in the shopper's language), a fresh
    form token, and what of this visit would be attached."""
    page = article_from(request.GET.get("article"))
    events.record(
        request,
        VisitEvent.Kind.CONTACT_VIEW,
        article_id=page.pk if page else None,
        data={"from": "widget"},
    )
    form = ContactForm(initial={"include_context": True, "topic": article_topic(page)})
    steps = events.of_visit(request).filter(kind__in=SHOWN_STEPS)
    attached = render_to_string(
        "components/visit_timeline.html", {"timeline": timeline.build(steps)}
    )
    return json_response(
        {
            "token": new_token(),
            "fields": [_field(form[name]) for name in (*FIELDS, "include_context")],
            "attached_html": attached if steps.exists() else "",
            "article": {"id": page.pk, "title": page.title} if page else None,
        }
    )


def _send(request):
    """Send the contact form: the same checks and ticket as the contact page, with
    ``source`` "widget". 201 with the reference; 400 with the message of each field and a
    fresh form token; 429 over the hourly limit (nothing is lost: the widget keeps it)."""
    body = read_json(request)
    data = {name: text_value(body.get(name)) for name in (*FIELDS, "token")}
    if body.get("include_context", True) is True:
        data["include_context"] = "on"
    form = ContactForm(data)
    if not form.is_valid():
        return json_response(
            {
                "error": _("Please correct the marked fields."),
                "details": form_errors(form),
                "token": new_token(),
            },
            status=400,
        )
    try:
        ticket = support.submit_ticket(
            request,
            form.cleaned_data,
            article_from(body.get("article")),
            source=TicketSource.WIDGET,
            entry_page=text_value(body.get("page_url")),
        )
    except support.TooManyTickets:
        return json_response({"error": too_many_message(), "token": new_token()}, status=429)
    time = response_time(ticket.response_time_hours)
    return json_response(
        {
            "reference": ticket.reference,
            "language": get_language(),
            "response_time_hours": ticket.response_time_hours,
            "message": _("We will answer %(time)s.") % {"time": time},
        },
        status=201,
    )
