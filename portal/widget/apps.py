from django.apps import AppConfig


class WidgetConfig(AppConfig):
    """The storefront help widget: the script shops embed in their pages and its API,
    open only to the origins each site's admins list."""

    name = "portal.widget"
    label = "widget"
    verbose_name = "Storefront widget"
