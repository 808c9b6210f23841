"""Where the current page lives in each language (language switcher, hreflang, canonical)."""

import threading
from dataclasses import dataclass

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info

from kb.caching import content_version

API_PREFIX = "/api/"
#: Most page paths remembered per process (each page once per language and host).
PATHS_KEPT = 20_000

_paths = {}  # (content version, host, page id, language) -> path, for one content version
_paths_lock = threading.Lock()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language, e.g. "Deutsch"
    url: str  # path, e.g. /de/hilfe/…
    translated: bool  # False: the page shows the source-language text in this language
    current: bool


def page_path(page, language, request=None):
    """The page's path in ``language``. A page view needs it for every language (language
    switcher, hreflang, canonical), and finding it walks the site's root paths in every
    language: about a millisecond each, most of an article view's time once its route and
    fragments are cached. So paths are remembered until the content changes (a publish,
    unpublish, move or deletion: ``kb.caching.content_version``), except in previews, where
    the page may have a slug not yet published."""
    if request is None or not page.pk or getattr(request, "is_preview", False):
        return _path(page, language, request)
    version = content_version(request)
    key = (version, request.get_host(), page.pk, language)
    path = _paths.get(key)
    if path is None:
        path = _path(page, language, request)
        with _paths_lock:
            first = next(iter(_paths), None)
            if len(_paths) >= PATHS_KEPT or (first is not None and first[0] != version):
                _paths.clear()
            _paths[key] = path
    return path


def _path(page, language, request):
    with translation.override(language):
        return page.get_url(request=request)


def language_links(request, page=None):
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if page is not None:
            url = page_path(page, code, request)
            translated = page.is_translated(code) if hasattr(page, "is_translated") else True
        else:
            url = translate_url(request.get_full_path(), code)
            translated = True
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                translated=translated,
                current=code == current,
            )
        )
    return links


def canonical_path(request, page=None):
    """The page's own URL where it is translated, else the source-language URL: a page shown
    in the source language under another language's URL is not a page of its own."""
    if page is None:
        return request.path
    language = translation.get_language()
    if hasattr(page, "is_translated") and not page.is_translated(language):
        language = settings.SOURCE_LANGUAGE
    return page_path(page, language, request)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 of the JSON API (outside the language prefixes) is an
    answer for its caller, not a page to look for under /<lang>/."""

    def process_response(self, request, response):
        if request.path_info.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
