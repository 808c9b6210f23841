from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .tickets import Topic


def _hours_field(label, default):
    return models.PositiveIntegerField(
        label,
        default=default,
        help_text=_("Hours until the first answer, as promised to shoppers."),
    )


@register_setting(icon="help")
class SupportSettings(BaseGenericSetting):
    """Promises made to shoppers when they contact support; support leads set them."""

    orders_hours = _hours_field(_("Orders"), 24)
    returns_hours = _hours_field(_("Returns and refunds"), 24)
    shipping_hours = _hours_field(_("Shipping and delivery"), 24)
    payment_hours = _hours_field(_("Payment"), 24)
    account_hours = _hours_field(_("Account"), 48)
    privacy_hours = _hours_field(_("Privacy"), 72)
    other_hours = _hours_field(_("Something else"), 48)

    panels = [
        MultiFieldPanel(
            [FieldPanel(f"{topic}_hours") for topic in Topic.values],
            heading=_("Expected response time per topic"),
        )
    ]

    class Meta:
        db_table = "portal_supportsettings"  # the table it had in the portal app
        verbose_name = _("support settings")

    def response_time_hours(self, topic):
        if topic not in Topic.values:
            topic = Topic.OTHER
        return getattr(self, f"{topic}_hours")
