from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """'Was this helpful?' on every article: votes, reasons and comments."""

    name = "portal.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        from django.db.models import F, Value
        from django.db.models.functions import Concat

        from portal.visits import retention

        from .models import ANONYMOUS_PREFIX, ArticleVote

        def anonymise(moment, dry_run):
            votes = ArticleVote.objects.filter(updated_at__lt=moment).exclude(
                voter_key__startswith=ANONYMOUS_PREFIX
            )
            count = votes.count()
            if not dry_run:
                votes.update(voter_key=Concat(Value(ANONYMOUS_PREFIX), F("pk")), visit_key="")
            return count

        retention.register(
            retention.Rule("votes", "RETENTION_VOTER_KEY_DAYS", anonymise, verb="anonymise")
        )
