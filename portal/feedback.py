"""'Was this helpful?' votes on articles."""

import hashlib
import hmac

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal import ratelimit, visitors, visits
from portal.models import ArticleVote, VisitEvent, VoteReason
from portal.models.feedback import MAX_COMMENT_LENGTH

VOTES_PER_HOUR_PER_VISITOR = 30
VOTES_PER_HOUR_PER_CLIENT = 120


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes"
    )
    reason = forms.ChoiceField(
        label=_("What was wrong?"),
        choices=VoteReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_LENGTH}),
        error_messages={
            "max_length": _(
                "Please keep your comment under %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


def voter_key(request):
    """A stable keyed hash of the visitor cookie: one vote per visitor and article."""
    return hmac.new(
        settings.SECRET_KEY.encode(), visitors.visitor_id(request).encode(), hashlib.sha256
    ).hexdigest()


def current_vote(request, article):
    if visitors.VISITOR_COOKIE not in request.COOKIES:
        return None
    return ArticleVote.objects.filter(article=article, voter_key=voter_key(request)).first()


def allowed(request):
    return ratelimit.hit(
        "vote", voter_key(request), VOTES_PER_HOUR_PER_VISITOR, 3600
    ) and ratelimit.hit(
        "vote-client", ratelimit.client_fingerprint(request), VOTES_PER_HOUR_PER_CLIENT, 3600
    )


def save_vote(request, article, language, helpful, reason="", comment=""):
    """Create or replace this visitor's vote on ``article``."""
    vote, _created = ArticleVote.objects.update_or_create(
        article=article,
        voter_key=voter_key(request),
        defaults={
            "language": language,
            "helpful": helpful,
            "reason": "" if helpful else reason,
            "comment": comment.strip(),
            "visit_key": visitors.visit_key(request),
        },
    )
    visits.record(
        request,
        VisitEvent.Kind.VOTE,
        article_id=article.pk,
        data={"helpful": helpful, "reason": vote.reason},
    )
    return vote
