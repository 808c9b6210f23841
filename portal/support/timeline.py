"""The timeline a ticket carries: what the shopper searched for, saw, read and said."""

from kb.models import ArticlePage
from portal.sitesearch.models import SearchLog
from portal.visits.models import VisitEvent

Kind = VisitEvent.Kind


def _titles(article_ids):
    pages = ArticlePage.objects.filter(pk__in=set(article_ids)).specific()
    return {page.pk: page.title for page in pages}


def build(events):
    """A list of plain dicts, safe to store with the ticket and show in the admin."""
    events = list(events)
    searches = {
        log.pk: log
        for log in SearchLog.objects.filter(pk__in=[e.search_id for e in events if e.search_id])
    }
    article_ids = [e.article_id for e in events if e.article_id]
    for log in searches.values():
        article_ids.extend(log.top_results[:3])
    for event in events:
        article_ids.extend(event.data.get("article_ids", []))
    titles = _titles(article_ids)
    timeline = []
    for event in events:
        entry = {
            "at": event.created_at.isoformat(),
            "kind": event.kind,
            "label": str(Kind(event.kind).label),
            "language": event.language,
        }
        if event.article_id:
            entry["article_id"] = event.article_id
            entry["article"] = titles.get(event.article_id, "")
        if event.kind == Kind.SEARCH and event.search_id in searches:
            log = searches[event.search_id]
            entry["query"] = log.query  # redacted when it was logged
            entry["result_count"] = log.result_count
            entry["results"] = [titles.get(pk, "") for pk in log.top_results[:3]]
        if event.kind == Kind.VOTE:
            entry["helpful"] = event.data.get("helpful")
            entry["reason"] = event.data.get("reason", "")
        if event.kind == Kind.SUGGESTION_SHOWN:
            entry["articles"] = [titles.get(pk, "") for pk in event.data.get("article_ids", [])]
        timeline.append(entry)
    return timeline
