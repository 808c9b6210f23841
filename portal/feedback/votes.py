"""'Was this helpful?' votes: one per visitor and article, replaced when the visitor votes
again, limited against vote stuffing."""

import hashlib
import hmac

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Concat

from portal.visits import events, ratelimit, visitors
from portal.visits.models import VisitEvent

from .models import ANONYMOUS_PREFIX, ArticleVote

VOTES_PER_HOUR_PER_VISITOR = 30
VOTES_PER_HOUR_PER_CLIENT = 120


def voter_key(request):
    """A stable keyed hash of the visitor cookie: one vote per visitor and article."""
    return hmac.new(
        settings.SECRET_KEY.encode(), visitors.visitor_id(request).encode(), hashlib.sha256
    ).hexdigest()


def current_vote(request, article):
    if not visitors.known_visitor(request):
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
    events.record(
        request,
        VisitEvent.Kind.VOTE,
        article_id=article.pk,
        data={"helpful": helpful, "reason": vote.reason},
    )
    return vote


def next_state(data):
    """What the shopper sees after a valid vote (a VoteForm's cleaned ``data``): thanks for
    a yes; for a no, thanks once they said why, else the question why."""
    if data["helpful"]:
        return "thanks"
    if data["reason"] or data["comment"].strip():
        return "thanks_no"
    return "why"


def anonymise_before(moment, dry_run=False):
    """Drop the browser key of votes last changed before ``moment``: the answer stays for
    the statistics, the vote can no longer be tied to anyone. Returns how many votes."""
    votes = ArticleVote.objects.filter(updated_at__lt=moment).exclude(
        voter_key__startswith=ANONYMOUS_PREFIX
    )
    count = votes.count()
    if not dry_run:
        votes.update(voter_key=Concat(Value(ANONYMOUS_PREFIX), F("pk")), visit_key="")
    return count
