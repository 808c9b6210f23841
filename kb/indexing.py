"""Feeds articles to the search engine: one set of passages per article and language.

Each section of an article (and its summary) becomes one or more passages carrying the
article title and category as context. Only languages an article is translated into are
indexed; shoppers in other languages find it through the cross-language fallback."""

import logging

from django.conf import settings
from django.utils import translation

from kb.models import ArticlePage
from search.backends import get_engine
from search.documents import Passage, split_sections

logger = logging.getLogger(__name__)


def article_passages(page):
    passages = []
    category = page.get_parent().specific
    for code, _name in settings.LANGUAGES:
        if not page.is_translated(code):
            continue
        with translation.override(code):
            title = page.title
            category_title = category.title
            url = page.get_url()
            parts = [("", page.summary)] + list(page.sections())
        for index, (heading, chunk) in enumerate(split_sections(title, parts)):
            passages.append(
                Passage(
                    id=f"{page.pk}:{code}:{index}",
                    parent_id=str(page.pk),
                    language=code,
                    title=title,
                    category=category_title,
                    heading=heading,
                    text=chunk,
                    kind=page.kind,
                    category_id=str(category.pk),
                    url=url,
                    live=page.live,
                )
            )
    return passages


def index_article(page_id, engine=None):
    """Bring the index in line with the article as it is now (live, changed or gone)."""
    engine = engine or get_engine()
    page = ArticlePage.objects.filter(pk=page_id).first()
    engine.delete([str(page_id)])
    if page is None or not page.live or page.get_view_restrictions().exists():
        return 0
    passages = article_passages(page)
    engine.index(passages)
    return len(passages)
