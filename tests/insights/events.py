"""Shopper activity at exact moments, for figures with exact expected numbers."""

import datetime
import itertools

from django.utils import timezone

from portal.feedback.models import ArticleVote
from portal.sitesearch.models import SearchClick, SearchLog
from portal.support.models import Ticket
from portal.visits.models import VisitEvent

_numbers = itertools.count(1)


def at(text):
    """An aware datetime in the current time zone from "2026-03-01 12:00"."""
    naive = datetime.datetime.fromisoformat(text)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def _stamp(obj, **moments):
    type(obj).objects.filter(pk=obj.pk).update(**moments)
    for name, value in moments.items():
        setattr(obj, name, value)
    return obj


def event(kind, when, visit="v1", language="en", article_id=None, search=None):
    created = VisitEvent.objects.create(
        visit_key=visit, kind=kind, language=language, article_id=article_id, search=search
    )
    return _stamp(created, created_at=at(when))


def search(
    when,
    query="return label",
    language="en",
    results=3,
    source="page",
    visit="v1",
    clicked=False,
):
    """A search as the portal logs it: search-page searches are also a step of the visit."""
    log = SearchLog.objects.create(
        language=language,
        query=query,
        normalized_query=" ".join(query.lower().split()),
        result_count=results,
        latency_ms=10,
        visitor_key="visitor",
        visit_key=visit,
        source=source,
    )
    _stamp(log, created_at=at(when))
    if source in ("page", "widget"):
        event("search", when, visit=visit, language=language, search=log)
    if clicked:
        click = SearchClick.objects.create(search=log, article_id=1, position=1)
        _stamp(click, created_at=at(when) + datetime.timedelta(seconds=30))
    return log


def ticket(when, visit="v1", language="en", source="page"):
    number = next(_numbers)
    created = Ticket.objects.create(
        language=language,
        topic="returns",
        name="Jana",
        email="jana@example.com",
        subject="Help",
        message="Please help.",
        response_time_hours=24,
        visit_key=visit,
        source=source,
        submission_token=f"token-{number}",
    )
    return _stamp(created, created_at=at(when))


def vote(article, helpful, when, language="en", reason="", comment="", cast=None, voter=None):
    """A vote last cast at ``when`` (first cast at ``cast``, if it was changed)."""
    created = ArticleVote.objects.create(
        article=article,
        language=language,
        helpful=helpful,
        reason=reason,
        comment=comment,
        voter_key=voter or f"voter-{next(_numbers)}",
    )
    return _stamp(created, created_at=at(cast or when), updated_at=at(when))
