"""The widget API (`/api/v1/widget/…`): the shopper's session, search, suggested articles,
an article with its vote, and the contact form. Each view reuses the help center's own
services, so a widget search, vote or ticket is recorded exactly like one on the site,
with ``source`` "widget"."""

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kb.serializers import article_data, article_head
from portal.feedback import votes
from portal.feedback.forms import VoteForm
from portal.feedback.models import VoteReason
from portal.sitesearch import api as search_api
from portal.sitesearch import inputs, serializers, service
from portal.sitesearch.api import BadRequest
from portal.sitesearch.models import SearchLog
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
from portal.visits import events, ratelimit
from portal.visits.models import VisitEvent

from . import strings, suggestions, tokens
from .http import content_language, error, json_response, read_json, ui_language, widget_api

NEW_VISITORS_PER_HOUR_PER_CLIENT = 120
CONTACT_FIELDS = ("name", "email", "topic", "order_number", "subject", "message", "homepage")


@widget_api("GET", token=False)
def session(request):
    """A token for this origin (keeping the visitor and recent visit of the previous one
    the widget sends) and the widget's texts in the shopper's language."""
    token, new_visitor = tokens.renew(tokens.from_request(request), request.widget_origin)
    if new_visitor and not ratelimit.hit(
        "widget-visitor",
        ratelimit.client_fingerprint(request),
        NEW_VISITORS_PER_HOUR_PER_CLIENT,
        3600,
    ):
        return error("Too many new widget sessions from this address. Try again later.", 429)
    return json_response(
        {
            "token": token,
            "expires_in": tokens.TOKEN_SECONDS,
            "renew_after": tokens.RENEW_AFTER_SECONDS,
            "language": ui_language(request),
            "strings": strings.texts(),
        }
    )


@widget_api("GET")
def search(request):
    """The search API's answer, logged as a widget search of this visit."""
    payload, results = search_api.search_payload(request, SearchLog.Source.WIDGET)
    response = json_response(payload)
    response["Server-Timing"] = search_api.server_timing(results)
    return response


@widget_api("GET")
def suggested(request):
    """Articles for the shop page the shopper is on: ``topic`` (orders, returns, …),
    ``hint`` (words, e.g. a product category), else the promoted articles."""
    language = content_language(request)
    pages = suggestions.for_page(
        language,
        topic=request.GET.get("topic", ""),
        hint=inputs.clean_text(request.GET.get("hint", ""))[: inputs.MAX_QUERY_LENGTH],
    )
    return json_response({"articles": [article_head(page, language, request) for page in pages]})


def _reasons():
    return [{"value": value, "label": str(label)} for value, label in VoteReason.choices]


@widget_api("GET")
def article(request, article_id):
    """One article (the article API's answer) with this visitor's vote; reading it is a
    step of the visit, and opening it from a widget search a result click."""
    language = content_language(request)
    page = search_api.article_or_404(article_id)
    events.record(request, VisitEvent.Kind.ARTICLE_VIEW, article_id=page.pk)
    if request.GET.get("from") == "suggestion":  # suggested while writing to support
        events.record(request, VisitEvent.Kind.SUGGESTION_OPENED, article_id=page.pk)
    search_id = request.GET.get("search", "")
    if search_id.isdigit():
        position = request.GET.get("position", "0")
        position = min(int(position), 1000) if position.isdigit() else 0
        service.record_click(request, int(search_id), page.pk, position)
    vote = votes.current_vote(request, page)
    data = article_data(page, language, request)
    data["vote"] = None if vote is None else {"helpful": vote.helpful, "reason": vote.reason}
    data["reasons"] = _reasons()
    return json_response(data)


def _yes_no(value):
    """The vote form's value of a JSON ``helpful``: true/false or "yes"/"no"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, str) else ""


def _form_errors(form):
    return {name: " ".join(str(message) for message in errs) for name, errs in form.errors.items()}


@widget_api("POST")
def vote(request, article_id):
    """``{"helpful": true|false, "reason": "…", "comment": "…"}``: saved like a vote on
    the article's page (one per visitor, replaced when they vote again)."""
    language = content_language(request)
    page = search_api.article_or_404(article_id)
    body = read_json(request)
    if not votes.allowed(request):
        return error(
            _("You have sent a lot of votes in a short time. Please try again later."), 429
        )
    form = VoteForm(
        {
            "helpful": _yes_no(body.get("helpful")),
            "reason": _text(body.get("reason")),
            "comment": _text(body.get("comment")),
        }
    )
    if not form.is_valid():
        raise BadRequest("Some fields are not valid.", **_form_errors(form))
    data = form.cleaned_data
    votes.save_vote(request, page, language, data["helpful"], data["reason"], data["comment"])
    return json_response({"state": votes.next_state(data), "reasons": _reasons()})


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


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
def contact_suggestions(request):
    """Up to three articles for what the shopper is writing, as on the contact page."""
    hits = suggested_hits(request, request.GET.get("q", ""))
    return json_response(
        {
            "suggestions": [
                serializers.hit_data(hit, request.build_absolute_uri(hit.url)) for hit in hits
            ]
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
            "fields": [_field(form[name]) for name in (*CONTACT_FIELDS, "include_context")],
            "attached_html": attached if steps.exists() else "",
            "article": {"id": page.pk, "title": page.title} if page else None,
        }
    )


def _send(request):
    """Send the contact form: the same checks and ticket as the contact page, with
    ``source`` "widget". 201 with the reference; 400 with the message of each field and a
    fresh form token; 429 over the hourly limit (nothing is lost: the widget keeps it)."""
    body = read_json(request)
    data = {name: _text(body.get(name)) for name in (*CONTACT_FIELDS, "token")}
    if body.get("include_context", True) is True:
        data["include_context"] = "on"
    form = ContactForm(data)
    if not form.is_valid():
        return json_response(
            {
                "error": _("Please correct the marked fields."),
                "details": _form_errors(form),
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
            entry_page=_text(body.get("page_url")),
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
