"""Translation status of a page, per language.

Each non-source language of a page remembers a digest of the source-language text it was
translated from. When an editor publishes a change to the source text, every language whose
own text did not change in the same publish keeps its old digest and so reads "outdated"
until an editor updates it (or confirms it is still right with "Mark as up to date").

Rules, applied everywhere (pages, listings, sitemap, hreflang, search):
- missing: a field in ``required_translated_fields`` is empty in that language. The page is
  still reachable in that language, shown in the source language with a visible note, and is
  not offered to search engines in that language.
- outdated: translated, but from an older version of the source text.
- current: translated from the source text as it is now.
"""

import hashlib
import html
import json

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from .models_status import TranslationState

# Source fields whose change makes a translation outdated. Slugs are left out on purpose:
# a changed English URL does not make the German text wrong.
IGNORED_FOR_STATUS = {"slug", "url_path"}


class Status(models.TextChoices):
    SOURCE = "source", _("Source")
    CURRENT = "current", _("Up to date")
    OUTDATED = "outdated", _("Outdated")
    MISSING = "missing", _("Missing")


def source_language():
    return settings.SOURCE_LANGUAGE


def target_languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.SOURCE_LANGUAGE]


def translated_fields(page):
    """Names of the translated text fields of ``page``'s model, e.g. ["title", "summary", …]."""
    try:
        options = translator.get_options_for_model(type(page))
    except NotRegistered:
        return []
    return sorted(name for name in options.all_fields if name not in IGNORED_FOR_STATUS)


def _text(value):
    """The words of a value, without markup: block ids, ``data-block-key`` attributes and
    other changes the editor makes on save must not read as a changed text."""
    if isinstance(value, dict):
        return {key: _text(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    if isinstance(value, str):
        return " ".join(html.unescape(strip_tags(value)).split())
    return value


def _raw(page, field, language):
    value = getattr(page, build_localized_fieldname(field, language), None)
    if value is None:
        return ""
    raw = getattr(value, "raw_data", None)  # StreamValue
    if raw is not None:
        return json.dumps(_text(list(raw)), sort_keys=True, default=str)
    return json.dumps(_text(str(value)))


def _is_empty(page, field, language):
    value = getattr(page, build_localized_fieldname(field, language), None)
    if value is None:
        return True
    if hasattr(value, "raw_data"):
        return len(value.raw_data) == 0
    return not str(value).strip()


def digest(page, language):
    """A digest of ``page``'s translated text in ``language``."""
    text = json.dumps([_raw(page, field, language) for field in translated_fields(page)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_translated(page, language):
    if language == source_language():
        return True
    required = getattr(page, "required_translated_fields", ("title",))
    return not any(_is_empty(page, field, language) for field in required)


def record(page):
    """Update the stored state of every language after ``page`` was saved with its text."""

    source_digest = digest(page, source_language())
    states = {s.language: s for s in TranslationState.objects.filter(page_id=page.pk)}
    for language in target_languages():
        own = digest(page, language)
        state = states.get(language)
        if state is None:
            TranslationState.objects.create(
                page_id=page.pk, language=language, content_digest=own, source_digest=source_digest
            )
        elif state.content_digest != own:
            # The translation itself changed: it was made from the source as it is now.
            state.content_digest = own
            state.source_digest = source_digest
            state.save(update_fields=["content_digest", "source_digest", "updated_at"])


def mark_current(page, language):
    """An editor confirms the ``language`` text still matches the current source."""

    TranslationState.objects.update_or_create(
        page_id=page.pk,
        language=language,
        defaults={
            "content_digest": digest(page, language),
            "source_digest": digest(page, source_language()),
        },
    )


def status_of(page, language, state=None, source_digest=None):
    if language == source_language():
        return Status.SOURCE
    if not is_translated(page, language):
        return Status.MISSING
    if state is None:
        state = TranslationState.objects.filter(page_id=page.pk, language=language).first()
    if source_digest is None:
        source_digest = digest(page, source_language())
    if state is None or state.source_digest != source_digest:
        return Status.OUTDATED
    return Status.CURRENT


def statuses(pages):
    """{page.pk: {language: Status}} for many pages with one query for the stored states."""

    pages = list(pages)
    stored = {}
    for state in TranslationState.objects.filter(page_id__in=[p.pk for p in pages]):
        stored[(state.page_id, state.language)] = state
    result = {}
    for page in pages:
        source = digest(page, source_language())
        result[page.pk] = {
            code: status_of(page, code, stored.get((page.pk, code)), source)
            for code, _name in settings.LANGUAGES
        }
    return result
