"""What shoppers do in the portal, kept for support leads' insights (see README, Privacy)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchLog(models.Model):
    """One search a shopper ran. The query is stored redacted (no e-mail, phone or order
    numbers); the visitor is a daily-rotating pseudonym, never an IP address."""

    class Source(models.TextChoices):
        PAGE = "page", _("Search page")
        API = "api", _("API")
        WIDGET = "widget", _("Storefront widget")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    language = models.CharField(max_length=10)
    query = models.CharField(max_length=500)
    normalized_query = models.CharField(max_length=500, db_index=True)
    result_count = models.PositiveIntegerField()
    top_results = models.JSONField(default=list, help_text=_("Article ids, best first."))
    fallback = models.BooleanField(default=False, help_text=_("Answered from other languages."))
    degraded = models.BooleanField(default=False, help_text=_("Answered by full text only."))
    latency_ms = models.FloatField()
    visitor_key = models.CharField(max_length=32, db_index=True)
    visit_key = models.CharField(max_length=32, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PAGE)
    filters = models.JSONField(default=dict, blank=True)
    answer_article_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text=_("The article a direct answer above the results quoted.")
    )
    answer_score = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "portal_searchlog"  # the table it had in the portal app
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        indexes = [models.Index(fields=["language", "created_at"])]

    def __str__(self):
        return self.query


class SearchClick(models.Model):
    """A shopper opened a result of a search."""

    search = models.ForeignKey(SearchLog, on_delete=models.CASCADE, related_name="clicks")
    article_id = models.PositiveBigIntegerField()
    position = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "portal_searchclick"  # the table it had in the portal app
        verbose_name = _("search result click")

    def __str__(self):
        return f"{self.search_id} → {self.article_id}"


class AnswerFeedback(models.Model):
    """A shopper's "Was this answer helpful?" on the direct answer above a search's results."""

    search = models.OneToOneField(
        SearchLog, on_delete=models.CASCADE, related_name="answer_feedback"
    )
    helpful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("answer feedback")
        verbose_name_plural = _("answer feedback")

    def __str__(self):
        return f"{self.search_id}: {'helpful' if self.helpful else 'not helpful'}"
