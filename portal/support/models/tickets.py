import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# Crockford's base32 without I, L, O, U: easy to read out on the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6
MAX_MESSAGE_LENGTH = 5000


class Topic(models.TextChoices):
    ORDERS = "orders", _("Orders")
    RETURNS = "returns", _("Returns and refunds")
    SHIPPING = "shipping", _("Shipping and delivery")
    PAYMENT = "payment", _("Payment")
    ACCOUNT = "account", _("Account")
    PRIVACY = "privacy", _("Privacy")
    OTHER = "other", _("Something else")


class TicketSource(models.TextChoices):
    """Where the shopper wrote the request."""

    PAGE = "page", _("Contact page")  # the same word as a search-page SearchLog
    WIDGET = "widget", _("Storefront widget")
    API = "api", _("API")


class TicketStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for the shopper")
    SOLVED = "solved", _("Solved")


def new_reference():
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"HC-{code}"


class Ticket(models.Model):
    """A shopper's request to support, with everything they tried first.

    Stored before anything is sent: e-mail and helpdesk deliveries are separate records
    that are retried until they succeed (portal.support.deliveries)."""

    reference = models.CharField(max_length=12, unique=True, default=new_reference)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=TicketStatus.choices, default=TicketStatus.NEW)
    language = models.CharField(max_length=10)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    name = models.CharField(max_length=150)
    email = models.EmailField(db_index=True)
    order_number = models.CharField(max_length=20, blank=True)
    subject = models.CharField(max_length=200)
    message = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    entry_page = models.CharField(max_length=500, blank=True)
    source = models.CharField(
        max_length=10, choices=TicketSource.choices, default=TicketSource.PAGE, db_index=True
    )
    article = models.ForeignKey(
        "kb.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The article the shopper came from, if any."),
    )
    response_time_hours = models.PositiveIntegerField(
        help_text=_("Expected response time promised to the shopper.")
    )
    # The visit's searches, results, articles read and votes, as the shopper saw them.
    timeline = models.JSONField(default=list, blank=True)
    visit_key = models.CharField(max_length=32, db_index=True)
    visitor_key = models.CharField(max_length=32, blank=True)
    # The form's one-time token: a replayed or double-clicked submission finds this ticket.
    submission_token = models.CharField(max_length=64, unique=True)

    class Meta:
        db_table = "portal_ticket"  # the table it had in the portal app
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["language", "created_at"])]

    def __str__(self):
        return f"{self.reference} · {self.subject}"

    def as_data(self):
        """The ticket as plain JSON-ready data: the helpdesk webhook sends it, a shopper's
        data export includes it."""
        return {
            "reference": self.reference,
            "created_at": self.created_at.isoformat(),
            "language": self.language,
            "topic": self.topic,
            "status": self.status,
            "name": self.name,
            "email": self.email,
            "order_number": self.order_number,
            "subject": self.subject,
            "message": self.message,
            "entry_page": self.entry_page,
            "source": self.source,
            "response_time_hours": self.response_time_hours,
            "timeline": self.timeline,
        }
