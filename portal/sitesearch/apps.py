from django.apps import AppConfig


class SiteSearchConfig(AppConfig):
    """The help center's search as shoppers use it: the search page, suggestions while
    typing, the JSON API, and the log of searches and result clicks for insights."""

    name = "portal.sitesearch"
    label = "sitesearch"
    verbose_name = "Site search"

    def ready(self):
        from portal.visits import retention

        from .models import SearchLog

        retention.register(
            retention.Rule(
                "searches",  # their clicks go with them
                "RETENTION_SEARCH_DAYS",
                retention.deleting(SearchLog),
            )
        )
