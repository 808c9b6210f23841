from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One message about a ticket to someone outside the portal: the shopper's
    acknowledgement e-mail or the helpdesk webhook.

    The ticket is stored first and never depends on a delivery; a delivery is retried
    with back-off until it is sent or gives up (portal.support.deliveries)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Webhook")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    ticket = models.ForeignKey(
        "support.Ticket", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    # Set while one worker is attempting the delivery, so no other worker sends it too.
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "portal_delivery"  # the table it had in the portal app
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.ticket.reference} · {self.get_channel_display()}"
