from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class TranslationState(models.Model):
    """What the ``language`` text of a page was translated from (see kb.translation_status)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translation_states")
    language = models.CharField(max_length=10)
    content_digest = models.CharField(max_length=64)
    source_digest = models.CharField(
        max_length=64, help_text=_("Digest of the source text this translation was made from.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="unique_page_language")
        ]
        verbose_name = _("translation state")

    def __str__(self):
        return f"{self.page_id} {self.language}"
