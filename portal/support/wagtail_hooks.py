from wagtail import hooks

from .admin.deliveries import DeliveryViewSet
from .admin.tickets import TicketViewSet


@hooks.register("register_admin_viewset")
def register_tickets():
    return TicketViewSet("tickets")


@hooks.register("register_admin_viewset")
def register_delivery_log():
    return DeliveryViewSet()
