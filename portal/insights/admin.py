"""The insights area's admin URLs and menu (registered in wagtail_hooks.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .views import TABS, VIEWS, can_view_insights

MENU_ORDER = 220


def admin_urls():
    """URL patterns for ``register_admin_urls``: /admin/insights/, /admin/insights/<page>/."""
    patterns = []
    for view in VIEWS:
        route = "insights/" if view.name == "overview" else f"insights/{view.name}/"
        patterns.append(path(route, view.as_view(), name=f"insights_{view.name}"))
    return patterns


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_insights(request.user)


def menu_item():
    """The "Insights" submenu for ``register_admin_menu_item``."""
    icons = {
        "overview": "view",
        "helpfulness": "pick",
        "searches": "search",
        "gaps": "warning",
        "tickets": "mail",
        "translations": "globe",
    }
    items = [
        InsightsMenuItem(
            label,
            reverse(f"insights_{name}"),
            name=f"insights-{name}",
            icon_name=icons[name],
            order=index,
        )
        for index, (name, label) in enumerate(TABS)
    ]
    return SubmenuMenuItem(
        _("Insights"), Menu(items=items), name="insights", icon_name="view", order=MENU_ORDER
    )
