"""Articles to suggest on the shop page a shopper is on, from the hint the shop gives."""

import logging

from kb.models import ArticlePage, CategoryPage
from portal.sitesearch import serializers
from portal.sitesearch.api import BadRequest
from portal.support.models import Topic
from search.backends import get_engine

logger = logging.getLogger(__name__)

LIMIT = 5


def _articles():
    return ArticlePage.objects.live().public()


def _by_topic(topic):
    categories = CategoryPage.objects.live().public().filter(icon=topic)
    pages = ArticlePage.objects.none()
    for category in categories:
        pages |= _articles().child_of(category)
    return list(pages.order_by("-promoted", "path")[:LIMIT])


def _by_hint(hint, language):
    """The best articles for the shop's words; searched, but not logged as a search (the
    shopper did not type them)."""
    try:
        hits = list(get_engine().search(hint, language, size=LIMIT).hits)
    except Exception:
        logger.exception("Suggestions for a shop page failed")
        return []
    ids = serializers.article_ids(hits)
    pages = {page.pk: page for page in _articles().filter(pk__in=ids)}
    return [pages[pk] for pk in ids if pk in pages]


def for_page(language, topic="", hint=""):
    if topic and topic not in Topic.values:
        raise BadRequest(
            f"Parameter 'topic' must be one of {', '.join(Topic.values)}.", topic="unknown"
        )
    pages = []
    if topic:
        pages = _by_topic(topic)
    if not pages and len(hint) >= 2:
        pages = _by_hint(hint, language)
    if not pages:
        pages = list(_articles().filter(promoted=True).order_by("path")[:LIMIT])
    return pages
