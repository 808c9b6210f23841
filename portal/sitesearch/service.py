"""Runs a shopper's search through the configured engine and records it in the search log."""

import logging
import time
from dataclasses import dataclass

from portal.visits import events, visitors
from portal.visits.models import VisitEvent
from portal.visits.redaction import redact
from search.backends import get_engine

from . import serializers
from .models import SearchClick, SearchLog

logger = logging.getLogger(__name__)


# Searches a shopper ran in the help center's own pages or its storefront widget: steps of
# their visit (the API's callers have no visit).
VISIT_SOURCES = {SearchLog.Source.PAGE, SearchLog.Source.WIDGET}


@dataclass
class Outcome:
    results: object | None  # search.documents.SearchResults, or None when search failed
    log: SearchLog | None
    failed: bool = False

    @property
    def hits(self):
        return list(self.results.hits) if self.results else []

    @property
    def total(self):
        return self.results.total if self.results else 0


def run_search(request, search_request, source=SearchLog.Source.PAGE):
    started = time.perf_counter()
    try:
        results = get_engine().search(
            search_request.query,
            search_request.language,
            filters=search_request.filters,
            size=search_request.size,
            offset=(search_request.page - 1) * search_request.size,
        )
        failed = False
    except Exception:  # the shopper gets a clear message, never a 500
        logger.exception("Search failed for a %s query", search_request.language)
        results, failed = None, True
    latency_ms = (time.perf_counter() - started) * 1000
    outcome = Outcome(results=results, log=None, failed=failed)
    if search_request.query and search_request.page == 1:
        outcome.log = log_search(request, search_request, outcome, latency_ms, source)
    return outcome


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
    )
    if source in VISIT_SOURCES:
        events.record(request, VisitEvent.Kind.SEARCH, search=log)
    return log


def record_click(request, search_id, article_id, position):
    """Record that a result was opened, if the search belongs to this visit."""
    search = SearchLog.objects.filter(pk=search_id, visit_key=visitors.visit_key(request)).first()
    if search is None:
        return None
    events.record(request, VisitEvent.Kind.RESULT_CLICK, article_id=article_id, search=search)
    return SearchClick.objects.create(search=search, article_id=article_id, position=position)
