from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_tables(using="default", **kwargs):
    """``migrate`` also creates the tables of the database caches (settings.CACHES): a site
    set up by the usual commands never meets a missing cache table. Sent for every app with
    models (this one has none); only missing tables are created."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class PortalConfig(AppConfig):
    """The project. As an app it keeps the migration history of the models that lived here
    before they moved to their own apps (visits, sitesearch, feedback, support, insights):
    the database tables kept their names, and the moves are recorded as state-only
    migrations. After ``migrate`` it creates the database cache tables."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        post_migrate.connect(create_cache_tables, dispatch_uid="portal-cache-tables")
