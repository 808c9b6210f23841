from django.apps import AppConfig


class SupportConfig(AppConfig):
    """Contacting support: the contact form, tickets with the visit's timeline, their
    deliveries (acknowledgement e-mail, helpdesk webhook) and the promises made to shoppers."""

    name = "portal.support"
    label = "support"
    verbose_name = "Support"

    def ready(self):
        from portal.visits import retention

        from .forms import check_order_number_settings
        from .models import Ticket

        check_order_number_settings()
        retention.register(
            retention.Rule(
                "tickets",  # with their timelines and deliveries
                "RETENTION_TICKET_DAYS",
                retention.deleting(Ticket),
            )
        )
