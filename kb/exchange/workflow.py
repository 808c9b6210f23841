"""What publishing does to translations from files and machines, and the translation memory.

Publishing a draft whose ``language`` text is still the one a file or a machine gave marks it
up to date against the English text it was made from (which may be older than the current
English, so the translation stays *Outdated* when the English changed meanwhile). Every
published, up-to-date translation teaches the translation memory its segments. A machine
translation published without review (MachineTranslationSettings) stays marked as such, and
does not teach the memory, until an editor publishes the article again.
"""

from .. import translation_status
from ..models_exchange import TranslationDraft
from ..models_status import TranslationState
from . import memory


def after_publish(page, revision):
    unreviewed = set()
    for draft in TranslationDraft.objects.filter(page_id=page.pk):
        if draft.live and revision is not None and draft.revision_id == revision.pk:
            unreviewed.add(draft.language)
            continue
        if translation_status.digest(page, draft.language) == draft.content_digest:
            TranslationState.objects.filter(page_id=page.pk, language=draft.language).update(
                source_digest=draft.source_digest
            )
        draft.delete()
    languages = [code for code in translation_status.target_languages() if code not in unreviewed]
    memory.learn_from(page, languages)


def machine_translated_languages(page):
    """Languages in which shoppers see ``page``'s machine translation, not yet reviewed."""
    return set(
        TranslationDraft.objects.filter(
            page_id=page.pk, origin=TranslationDraft.Origin.MACHINE, live=True
        ).values_list("language", flat=True)
    )
