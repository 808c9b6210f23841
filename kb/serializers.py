"""Articles as JSON, in a language: the public article API (`/api/v1/articles/<id>`) and
the storefront widget answer with these."""

from django.conf import settings
from django.utils import translation

from .models import ArticlePage


def live_article(article_id):
    return ArticlePage.objects.live().public().filter(pk=article_id).first()


def shown_language(page, language):
    """The language ``page`` is shown in to a shopper reading ``language``: its own when
    it is translated, else the source language."""
    return language if page.is_translated(language) else settings.SOURCE_LANGUAGE


def article_head(page, language, request):
    """What a list of articles shows: title, summary, category, address, language."""
    shown = shown_language(page, language)
    with translation.override(shown):
        category = page.get_parent().specific
        return {
            "id": page.pk,
            "title": page.title,
            "summary": page.summary,
            "kind": page.kind,
            "url": request.build_absolute_uri(page.get_url(request=request)),
            "category": {"id": category.pk, "title": category.title},
            "language": shown,
            "fallback": shown != language,
        }


def article_data(page, language, request):
    """The whole article; ``body_html`` is the body rendered by the help center's own
    templates, ``fallback`` says it is shown in the source language instead."""
    data = article_head(page, language, request)
    with translation.override(data["language"]):
        data.update(
            requested_language=language,
            last_reviewed=page.last_reviewed.isoformat(),
            body_html=str(page.body),
        )
    return data
