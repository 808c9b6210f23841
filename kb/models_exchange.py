"""What the translation workflow keeps: the translation memory, glossaries for machine
translation, uploaded translation files awaiting an editor's confirmation, and which drafts
came from a file or a machine (kb.exchange)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page, Revision


def _target_language_choices():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.SOURCE_LANGUAGE]


class TranslationMemoryEntry(models.Model):
    """One English segment and its translation into one language, as an editor published it."""

    language = models.CharField(max_length=10)
    source_digest = models.CharField(max_length=16, db_index=True)
    source = models.TextField(help_text=_("English inline markup."))
    target = models.TextField(help_text=_("Translated inline markup."))
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "source_digest"], name="unique_memory_language_source"
            )
        ]
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory entries")

    def __str__(self):
        return f"{self.language}: {self.source[:60]}"


class Glossary(ClusterableModel):
    """Terms machine translation must translate in a fixed way, for English to one language."""

    target_language = models.CharField(
        _("language"), max_length=10, choices=_target_language_choices, unique=True
    )
    #: The provider's copy of the glossary and the terms it was made from.
    provider_glossary_id = models.CharField(max_length=100, blank=True, editable=False)
    provider_digest = models.CharField(max_length=64, blank=True, editable=False)

    panels = [FieldPanel("target_language"), InlinePanel("terms", label=_("Terms"))]

    class Meta:
        verbose_name = _("glossary")
        verbose_name_plural = _("glossaries")

    def __str__(self):
        return f"English → {self.get_target_language_display()}"

    def entries(self):
        return [(term.source, term.target) for term in self.terms.all() if term.source.strip()]


class GlossaryTerm(Orderable):
    glossary = ParentalKey(Glossary, on_delete=models.CASCADE, related_name="terms")
    source = models.CharField(_("English"), max_length=200)
    target = models.CharField(_("translation"), max_length=200)

    panels = [FieldPanel("source"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("term")


class TranslationImport(models.Model):
    """An uploaded translation file, validated and waiting for the editor to confirm it."""

    language = models.CharField(max_length=10)
    file_name = models.CharField(max_length=255)
    content = models.TextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("translation import")

    def __str__(self):
        return f"{self.file_name} ({self.language})"


class TranslationDraft(models.Model):
    """A draft revision whose ``language`` text came from a translation file or a machine.

    It remembers which English text the translation was made from, so that publishing the
    revision marks the translation up to date against that text (kb.exchange.workflow)."""

    class Origin(models.TextChoices):
        FILE = "file", _("Translation file")
        MACHINE = "machine", _("Machine translation")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    origin = models.CharField(max_length=10, choices=Origin.choices)
    #: Digests (kb.translation_status.digest) of the English text it was made from and of
    #: the translation itself, to tell whether an editor published it unchanged.
    source_digest = models.CharField(max_length=64)
    content_digest = models.CharField(max_length=64)
    provider = models.CharField(max_length=50, blank=True)
    #: A machine translation published without review (MachineTranslationSettings).
    live = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="unique_draft_language")
        ]

    def __str__(self):
        return f"{self.page_id} {self.language} ({self.origin})"


@register_setting(icon="globe")
class MachineTranslationSettings(BaseSiteSetting):
    publish_machine_translations = models.BooleanField(
        _("show machine translations without review"),
        default=False,
        help_text=_(
            "Off: a machine translation is saved as a draft that an editor reviews and "
            "publishes. On: it is published at once and shoppers see it, with a note that it "
            "was translated by machine, until an editor publishes a reviewed version."
        ),
    )

    class Meta:
        verbose_name = _("machine translation")
