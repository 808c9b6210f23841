from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_COMMENT_LENGTH = 1000
# A vote past RETENTION_VOTER_KEY_DAYS keeps its answer but not the key of its browser.
ANONYMOUS_PREFIX = "purged-"


class VoteReason(models.TextChoices):
    MISSING = "missing", _("Missing information")
    UNCLEAR = "unclear", _("Hard to understand")
    INCORRECT = "incorrect", _("Incorrect")
    OUTDATED = "outdated", _("Outdated")
    OTHER = "other", _("Something else")


class ArticleVote(models.Model):
    """ "Was this helpful?" One vote per visitor and article; voting again replaces it."""

    article = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="votes")
    language = models.CharField(max_length=10)
    helpful = models.BooleanField()
    reason = models.CharField(max_length=20, choices=VoteReason.choices, blank=True)
    comment = models.TextField(max_length=MAX_COMMENT_LENGTH, blank=True)
    # A keyed hash of the visitor cookie: stable, so a visitor can change their vote, but
    # not the cookie value itself.
    voter_key = models.CharField(max_length=64)
    visit_key = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "portal_articlevote"  # the table it had in the portal app
        verbose_name = _("article vote")
        constraints = [
            models.UniqueConstraint(fields=["article", "voter_key"], name="one_vote_per_visitor")
        ]
        indexes = [models.Index(fields=["article", "language", "helpful"])]

    def __str__(self):
        return f"{self.article_id} {'yes' if self.helpful else 'no'}"
