from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """What support leads read: helpfulness, searches, content gaps, deflection and
    translations, from daily roll-ups of shopper activity."""

    name = "portal.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self):
        from portal.visits import retention

        from . import gaps

        retention.register(
            retention.Rule(
                "roll-up query texts",  # the counts per day are kept
                "RETENTION_SEARCH_DAYS",
                gaps.purge_query_texts,
            )
        )
