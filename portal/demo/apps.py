from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Everything made up: the demo help center in every language, a demo admin, and
    shopper activity for the insights pages. Nothing of the product depends on it."""

    name = "portal.demo"
    label = "demo"
    verbose_name = "Demo"
