"""Where the current page lives in each language (language switcher, hreflang, canonical)."""

from dataclasses import dataclass

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info

API_PREFIX = "/api/"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language, e.g. "Deutsch"
    url: str  # path, e.g. /de/hilfe/…
    translated: bool  # False: the page shows the source-language text in this language
    current: bool


def page_path(page, language, request=None):
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
