from django import template

from portal import feedback
from portal.models import VoteReason

register = template.Library()

STATES = {"thanks", "why", "thanks_no", "limited"}


@register.inclusion_tag("components/feedback.html", takes_context=True)
def feedback_section(context, page):
    request = context["request"]
    state = getattr(request, "feedback_state", None) or request.GET.get("feedback")
    if state not in STATES:
        state = None
    form = getattr(request, "feedback_form", None) or feedback.VoteForm()
    values = {
        "request": request,
        "page": page,
        "state": state,
        "form": form,
        "reasons": VoteReason.choices,
        "vote": feedback.current_vote(request, page) if state is None else None,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
    # Inclusion tags render in a fresh context: hand the CSRF token on when there is one.
    if context.get("csrf_token") is not None:
        values["csrf_token"] = context.get("csrf_token")
    return values
