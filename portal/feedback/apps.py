from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """'Was this helpful?' on every article: votes, reasons and comments."""

    name = "portal.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        from portal.visits import retention

        from .votes import anonymise_before

        retention.register(
            retention.Rule(
                "votes",
                "RETENTION_VOTER_KEY_DAYS",
                anonymise_before,
                verb="anonymise",
                done="anonymised",
            )
        )
