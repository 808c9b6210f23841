from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import votes
from .forms import VoteForm
from .templatetags.feedback_tags import feedback_section


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _respond(page, request, state, status=200):
    request.feedback_state = state
    if _wants_json(request):
        context = feedback_section({"request": request}, page)
        html = render_to_string("components/feedback.html", context, request=request)
        return JsonResponse({"state": state, "html": html}, status=status)
    if status == 200:
        return redirect(f"{page.get_url(request=request)}?feedback={state}#feedback")
    response = page.serve(request)
    response.status_code = status
    return response


def vote(request, page):
    """A shopper's answer to "Was this helpful?" on ``page``, posted to the article's own
    URL (so it works without JavaScript): the vote is saved and the article shown again
    with the next question (why not?) or the thanks; JavaScript asks for JSON instead and
    swaps the feedback section in place."""
    if not votes.allowed(request):
        return _respond(page, request, "limited", status=429)
    form = VoteForm(request.POST)
    if not form.is_valid():
        request.feedback_form = form
        return _respond(page, request, "why", status=400)
    data = form.cleaned_data
    votes.save_vote(request, page, get_language(), data["helpful"], data["reason"], data["comment"])
    return _respond(page, request, votes.next_state(data))
