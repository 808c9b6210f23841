from django import template

from portal.feedback import votes
from portal.feedback.forms import VoteForm
from portal.feedback.models import VoteReason

register = template.Library()

STATES = {"thanks", "why", "thanks_no", "limited"}


@register.inclusion_tag("components/feedback.html", takes_context=True)
def feedback_section(context, page):
    request = context["request"]
    state = getattr(request, "feedback_state", None) or request.GET.get("feedback")
    if state not in STATES:
        state = None
    form = getattr(request, "feedback_form", None) or VoteForm()
    values = {
        "request": request,
        "page": page,
        "state": state,
        "form": form,
        "reasons": VoteReason.choices,
        "vote": votes.current_vote(request, page) if state is None else None,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
    # Inclusion tags render in a fresh context: hand the CSRF token on when there is one.
    if context.get("csrf_token") is not None:
        values["csrf_token"] = context.get("csrf_token")
    return values
