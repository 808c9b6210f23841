from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitEvent(models.Model):
    """One step of a shopper's visit, for the timeline a ticket carries and for deflection
    figures. The visit key is a keyed hash of a 30-minute visit cookie (portal.visits.visitors)."""

    class Kind(models.TextChoices):
        ARTICLE_VIEW = "article_view", _("Article read")
        SEARCH = "search", _("Search")
        RESULT_CLICK = "result_click", _("Search result opened")
        VOTE = "vote", _("Vote")
        CONTACT_VIEW = "contact_view", _("Contact form opened")
        SUGGESTION_SHOWN = "suggestion_shown", _("Articles suggested on the contact form")
        SUGGESTION_OPENED = "suggestion_opened", _("Suggested article opened")
        TICKET = "ticket", _("Ticket created")

    visit_key = models.CharField(max_length=32)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    language = models.CharField(max_length=10, blank=True)
    article_id = models.PositiveBigIntegerField(null=True, blank=True)
    search = models.ForeignKey(
        "sitesearch.SearchLog", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "portal_visitevent"  # the table it had in the portal app
        verbose_name = _("visit event")
        indexes = [
            models.Index(fields=["visit_key", "created_at"]),
            models.Index(fields=["kind", "created_at"]),
            models.Index(fields=["article_id", "kind"]),
            models.Index(
                fields=["visit_key", "kind", "created_at"], name="portal_visit_key_kind_idx"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"
