"""Machine translation drafts behind one interface.

A provider (``MachineTranslator``) turns English inline markup into another language, keeping
the ``<pc>``/``<ph>`` codes. ``MACHINE_TRANSLATION_PROVIDER`` chooses it by name (``deepl``) or
dotted path. ``translate_article`` sends only the segments neither the current translation nor
the translation memory already has, and saves the result as a draft revision marked as
machine-translated (published at once only when the site's MachineTranslationSettings allow).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ... import translation_status
from ...models_exchange import Glossary, MachineTranslationSettings, TranslationDraft
from .. import richtext, segments
from ..plan import plan_article

PROVIDERS = {"deepl": "kb.exchange.machine.deepl.DeepLTranslator"}


class MachineTranslationError(Exception):
    """Machine translation could not be done; the message says why, for the editor."""


class MachineTranslator:
    """A machine-translation provider. Subclasses implement ``translate``."""

    name = "machine translation"

    @classmethod
    def from_settings(cls):
        """The provider configured in settings, or None when it is not configured."""
        return cls()

    def translate(self, texts, source_language, target_language, glossary=None):
        """Translations of ``texts`` (inline markup, codes kept), in the same order."""
        raise NotImplementedError


def get_translator():
    path = PROVIDERS.get(
        settings.MACHINE_TRANSLATION_PROVIDER, settings.MACHINE_TRANSLATION_PROVIDER
    )
    translator = import_string(path).from_settings()
    if translator is None:
        raise MachineTranslationError(
            _(
                "Machine translation is not configured: set DEEPL_API_KEY (and DEEPL_API_URL "
                "for DeepL API Pro or Free) in the server's environment."
            )
        )
    return translator


@dataclass
class MachineResult:
    provider: str
    total: int
    reused: int
    sent: int
    published: bool


def translate_article(page, language, user=None, translator=None):
    if language not in translation_status.target_languages():
        raise MachineTranslationError(_("Unknown language."))
    translator = translator or get_translator()
    plan = plan_article(page, language)
    pending = plan.to_translate
    sources = {unit.key: unit.segment.source for unit in plan.units}
    translations = {unit.key: unit.target for unit in plan.units if unit.reused}
    if pending:
        glossary = Glossary.objects.filter(target_language=language).first()
        results = translator.translate(
            [unit.segment.source.markup for unit in pending],
            settings.SOURCE_LANGUAGE,
            language,
            glossary=glossary,
        )
        for unit, markup in zip(pending, results, strict=True):
            try:
                richtext.to_html(markup, unit.segment.source.codes)
            except richtext.InlineCodeError as error:
                raise MachineTranslationError(
                    _(
                        "%(provider)s returned %(segment)s with broken formatting (%(error)s); nothing was saved."
                    )
                    % {"provider": translator.name, "segment": unit.segment.label, "error": error}
                ) from None
            translations[unit.key] = markup
    base = page.get_latest_revision_as_object()
    segments.apply(base, language, translations, sources)
    publish = MachineTranslationSettings.for_site(page.get_site()).publish_machine_translations
    revision = base.save_revision(user=user, log_action=True)
    TranslationDraft.objects.update_or_create(
        page=page,
        language=language,
        defaults={
            "revision": revision,
            "origin": TranslationDraft.Origin.MACHINE,
            "source_digest": plan.source_digest,
            "content_digest": translation_status.digest(base, language),
            "provider": translator.name,
            "live": publish,
        },
    )
    if publish:
        revision.publish(user=user)
    return MachineResult(
        provider=translator.name,
        total=len(plan.units),
        reused=plan.reused,
        sent=len(pending),
        published=publish,
    )
