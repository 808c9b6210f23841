"""Validation of what shoppers type into search boxes and the search API."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kb.models import ArticleKind, CategoryPage
from search.text import clean_query

MAX_QUERY_LENGTH = 200
MAX_PAGE = 50


@dataclass
class SearchRequest:
    query: str = ""
    language: str = ""
    category: int | None = None
    kind: str | None = None
    page: int = 1
    size: int = 10
    notes: list = field(default_factory=list)  # shown to the shopper
    errors: dict = field(default_factory=dict)  # the API answers 400 with these

    @property
    def filters(self):
        filters = {}
        if self.category:
            filters["category_id"] = str(self.category)
        if self.kind:
            filters["kind"] = self.kind
        return filters


def clean_text(raw):
    """What the shopper typed as safe plain text (search.text.clean_query), not clipped:
    the caller says when it is too long."""
    return clean_query(raw, max_chars=None)


def _positive_int(value, name, errors, maximum):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = _("must be a whole number")
        return None
    if not 1 <= number <= maximum:
        errors[name] = _("must be between 1 and %(max)s") % {"max": maximum}
        return None
    return number


def parse(params, language, max_size=20):
    """Read q, category, kind, page and size from ``params`` (a QueryDict)."""
    request = SearchRequest(language=language)
    raw = params.get("q", "")
    query = clean_text(raw)
    if len(query) > MAX_QUERY_LENGTH:
        request.errors["q"] = _("is longer than %(max)s characters") % {"max": MAX_QUERY_LENGTH}
        request.notes.append(
            _("Your search was shortened to its first %(max)s characters.")
            % {"max": MAX_QUERY_LENGTH}
        )
        query = clean_query(query, max_chars=MAX_QUERY_LENGTH)
    request.query = query

    category = _positive_int(params.get("category"), "category", request.errors, 2**62)
    if category and not CategoryPage.objects.live().filter(pk=category).exists():
        request.errors["category"] = _("is not a category of this help center")
        category = None
    request.category = category

    kind = params.get("kind") or None
    if kind and kind not in ArticleKind.values:
        request.errors["kind"] = _("must be one of %(kinds)s") % {
            "kinds": ", ".join(ArticleKind.values)
        }
        kind = None
    request.kind = kind

    request.page = _positive_int(params.get("page"), "page", request.errors, MAX_PAGE) or 1
    request.size = _positive_int(params.get("size"), "size", request.errors, max_size) or 10
    return request


def known_language(code):
    return code in dict(settings.LANGUAGES)


LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def normalize_language(code):
    """ "de-DE" -> "de"; None for something that is not a language tag at all."""
    if not code or not LANGUAGE_TAG.match(code):
        return None
    return code.replace("_", "-").split("-")[0].lower()
