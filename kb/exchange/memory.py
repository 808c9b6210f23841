"""Translation memory: every English segment an editor has published a translation of, per
language. A segment with the same English text (and the same inline codes) anywhere in the
help center is then filled in from memory, on export and before machine translation."""

from .. import translation_status
from ..models_exchange import TranslationMemoryEntry
from .segments import source_digest, source_segments, translation_segments


def lookup(language, sources):
    """{markup of an English segment: remembered translation} for the ``sources`` found."""
    digests = {source_digest(markup): markup for markup in sources}
    found = {}
    for entry in TranslationMemoryEntry.objects.filter(
        language=language, source_digest__in=list(digests)
    ):
        markup = digests.get(entry.source_digest)
        if markup is not None and entry.source == markup:
            found[markup] = entry.target
    return found


def remember(language, pairs, page=None):
    """Store (English markup, translated markup) pairs; a newer translation replaces an
    older one of the same English text (and a later pair an earlier one). One upsert for
    all of them (SQLite splits a large one by its variable limit), in digest order so that
    two imports sharing segments take their rows in the same order."""
    entries = {}
    for source, target in pairs:
        if not source.strip() or not target.strip():
            continue
        digest = source_digest(source)
        entries[digest] = TranslationMemoryEntry(
            language=language, source_digest=digest, source=source, target=target, page=page
        )
    if entries:
        TranslationMemoryEntry.objects.bulk_create(
            [entries[digest] for digest in sorted(entries)],
            update_conflicts=True,
            unique_fields=["language", "source_digest"],
            update_fields=["source", "target", "page", "updated_at"],
        )


def learn_from(page, languages=None):
    """Remember the segments of every up-to-date translation of ``page``."""
    sources = {segment.key: segment.source.markup for segment in source_segments(page)}
    if languages is None:
        languages = translation_status.target_languages()
    for language in languages:
        if translation_status.status_of(page, language) != translation_status.Status.CURRENT:
            continue
        own = translation_segments(page, language)
        remember(
            language,
            [(sources[key], inline.markup) for key, inline in own.items() if key in sources],
            page=page,
        )


def learn_all(pages):
    count = 0
    for page in pages:
        learn_from(page)
        count += 1
    return count
