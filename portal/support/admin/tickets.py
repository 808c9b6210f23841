"""Tickets in the Wagtail admin: support leads filter them and read each one's timeline."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.support.models import Ticket


class TicketPermissionPolicy(ModelPermissionPolicy):
    """Tickets come from shoppers: nobody adds or deletes them by hand in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Ticket, TicketPermissionPolicy(Ticket))


class TicketViewSet(ModelViewSet):
    model = Ticket
    icon = "mail"
    menu_label = _("Tickets")
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_template_name = "support/admin/ticket_inspect.html"
    inspect_view_fields = [
        "reference",
        "created_at",
        "status",
        "language",
        "topic",
        "name",
        "email",
        "order_number",
        "subject",
        "message",
        "article",
        "entry_page",
        "source",
        "response_time_hours",
    ]
    list_display = ["reference", "subject", "topic", "language", "status", "created_at"]
    list_filter = ["status", "topic", "language", "source", "created_at"]
    list_export = [
        "reference",
        "created_at",
        "language",
        "topic",
        "status",
        "order_number",
        "subject",
        "source",
        "response_time_hours",
    ]
    search_fields = ["reference", "subject", "email", "name", "order_number"]
    form_fields = ["status"]
    ordering = ["-created_at"]
