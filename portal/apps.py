from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project. As an app it only keeps the migration history of the models that
    lived here before they moved to their own apps (visits, sitesearch, feedback, support,
    insights): the database tables kept their names, and the moves are recorded as
    state-only migrations."""

    name = "portal"
    verbose_name = "Portal"
