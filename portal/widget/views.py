"""The widget API (`/api/v1/widget/…`): the shopper's session, search, suggested articles
and an article with its vote (the contact form is in ``contact.py``). Each view reuses the
help center's own services, so a widget search or vote is recorded exactly like one on the
site, searches with ``source`` "widget"."""

from django.utils.translation import gettext as _

from kb.serializers import article_data, article_head
from portal.feedback import votes
from portal.feedback.forms import VoteForm
from portal.feedback.models import VoteReason
from portal.sitesearch import api as search_api
from portal.sitesearch import inputs, service
from portal.sitesearch.api import BadRequest
from portal.sitesearch.models import SearchLog
from portal.visits import events, ratelimit
from portal.visits.models import VisitEvent

from . import strings, suggestions, tokens
from .http import (
    content_language,
    error,
    form_errors,
    json_response,
    read_json,
    text_value,
    ui_language,
    widget_api,
)

NEW_VISITORS_PER_HOUR_PER_CLIENT = 120


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
            "reason": text_value(body.get("reason")),
            "comment": text_value(body.get("comment")),
        }
    )
    if not form.is_valid():
        raise BadRequest("Some fields are not valid.", **form_errors(form))
    data = form.cleaned_data
    votes.save_vote(request, page, language, data["helpful"], data["reason"], data["comment"])
    return json_response({"state": votes.next_state(data), "reasons": _reasons()})
