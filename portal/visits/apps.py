from django.apps import AppConfig


class VisitsConfig(AppConfig):
    """What every shopper-facing feature shares: the anonymous visitor and visit cookies,
    the steps of a visit, rate limits, redaction, retention and language-aware URLs."""

    name = "portal.visits"
    label = "visits"
    verbose_name = "Visits"

    def ready(self):
        from . import retention
        from .models import VisitEvent

        retention.register(
            retention.Rule(
                "visit steps",
                "RETENTION_SEARCH_DAYS",
                retention.deleting(VisitEvent),
            )
        )
