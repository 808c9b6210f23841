"""Runs a shopper's search through the configured engine and records it in the search log."""

import logging
import time
from dataclasses import dataclass

from portal.visits import events, visitors
from portal.visits.models import VisitEvent
from portal.visits.redaction import redact
from search import generative
from search.answers import direct_answer
from search.backends import get_engine

from . import serializers
from .models import AnswerFeedback, SearchClick, SearchLog

logger = logging.getLogger(__name__)


# Searches a shopper ran in the help center's own pages or its storefront widget: steps of
# their visit (the API's callers have no visit).
VISIT_SOURCES = {SearchLog.Source.PAGE, SearchLog.Source.WIDGET}


@dataclass
class Outcome:
    results: object | None  # search.documents.SearchResults, or None when search failed
    log: SearchLog | None
    failed: bool = False
    answer: object | None = None  # search.answers.Answer above the first page, or None

    @property
    def hits(self):
        return list(self.results.hits) if self.results else []

    @property
    def total(self):
        return self.results.total if self.results else 0


def run_search(request, search_request, source=SearchLog.Source.PAGE):
    started = time.perf_counter()
    try:
        engine = get_engine()
        results = engine.search(
            search_request.query,
            search_request.language,
            filters=search_request.filters,
            size=search_request.size,
            offset=(search_request.page - 1) * search_request.size,
        )
        failed = False
    except Exception:  # the shopper gets a clear message, never a 500
        logger.exception("Search failed for a %s query", search_request.language)
        engine, results, failed = None, None, True
    latency_ms = (time.perf_counter() - started) * 1000  # the search's, not the answer's
    outcome = Outcome(results=results, log=None, failed=failed)
    if results is not None and search_request.page == 1:
        outcome.answer = answer_for(
            engine, search_request.query, search_request.language, results, write=True
        )
    if search_request.query and search_request.page == 1:
        outcome.log = log_search(request, search_request, outcome, latency_ms, source)
    return outcome


def answer_for(engine, query, language, results, write=False):
    """The direct answer to show above ``results``, or None; with ``write``, and a chat
    model configured, also the model's cited answer (search.generative). A failure only
    loses the answer (or the model's part of it), never the results."""
    try:
        answer = direct_answer(query, language, results, getattr(engine, "embedder", None))
    except Exception:
        logger.exception("Direct answer failed for a %s query", language)
        return None
    if answer is not None and write and generative.configured():
        try:
            # The model sees the question as the search log keeps it: no e-mail, phone or
            # order number of the shopper's leaves the help center.
            answer.generated = generative.generate(redact(query), language, results.hits)
        except Exception:
            logger.exception("Generative answer failed for a %s query", language)
    return answer


def log_search(request, search_request, outcome, latency_ms, source):
    query = redact(search_request.query)[:500]
    log = SearchLog.objects.create(
        language=search_request.language,
        query=query,
        normalized_query=" ".join(query.lower().split()),
        result_count=outcome.total,
        top_results=serializers.article_ids(outcome.hits[:10]),
        fallback=bool(outcome.results and outcome.results.fallback),
        degraded=bool(outcome.failed or (outcome.results and outcome.results.degraded)),
        latency_ms=round(latency_ms, 2),
        visitor_key=visitors.log_key(request),
        visit_key=visitors.visit_key(request),
        source=source,
        filters=search_request.filters,
        answer_article_id=serializers.page_id(outcome.answer.parent_id) if outcome.answer else None,
        answer_score=outcome.answer.score if outcome.answer else None,
    )
    if source in VISIT_SOURCES:
        events.record(request, VisitEvent.Kind.SEARCH, search=log)
    return log


def record_answer_feedback(request, search_id, helpful):
    """Record whether the answer shown above a search's results helped, if the search
    belongs to this visit and showed one; a second vote replaces the first."""
    search = (
        SearchLog.objects.filter(pk=search_id, visit_key=visitors.visit_key(request))
        .exclude(answer_article_id=None)
        .first()
    )
    if search is None:
        return None
    feedback, _created = AnswerFeedback.objects.update_or_create(
        search=search, defaults={"helpful": helpful}
    )
    return feedback


def record_click(request, search_id, article_id, position):
    """Record that a result was opened, if the search belongs to this visit."""
    search = SearchLog.objects.filter(pk=search_id, visit_key=visitors.visit_key(request)).first()
    if search is None:
        return None
    events.record(request, VisitEvent.Kind.RESULT_CLICK, article_id=article_id, search=search)
    return SearchClick.objects.create(search=search, article_id=article_id, position=position)
