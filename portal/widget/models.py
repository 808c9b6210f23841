from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import origins


@register_setting(icon="globe")
class WidgetSettings(BaseSiteSetting):
    """Which shops may embed this site's help widget."""

    allowed_origins = models.TextField(
        _("allowed origins"),
        blank=True,
        validators=[origins.validate],
        help_text=_(
            "One origin a line, e.g. https://shop.example.com (scheme, host and port, no "
            "path). Only pages of these origins can use the help widget; every other "
            "origin is refused."
        ),
    )

    panels = [FieldPanel("allowed_origins")]

    class Meta:
        verbose_name = _("storefront widget")

    def origins(self):
        return set(origins.parse(self.allowed_origins))

    def allow(self, origin):
        """Add ``origin`` to the list (kept once); returns whether it was added."""
        origin = origins.normalize(origin)
        if origin in self.origins():
            return False
        lines = [line for line in self.allowed_origins.splitlines() if line.strip()]
        self.allowed_origins = "\n".join([*lines, origin])
        return True
