import time

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.demo.shop import server


class Command(BaseCommand):
    help = (
        "Serve a made-up shop page that embeds the help widget from another origin (port "
        f"{server.DEFAULT_PORT}), for trying the widget after `make run`. load_initial_data "
        "lists its origin in Settings → Storefront widget."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=server.DEFAULT_PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--help-center",
            default=settings.WAGTAILADMIN_BASE_URL,
            help="Base URL of the running help center (default: PORTAL_BASE_URL).",
        )

    def handle(self, *args, port, host, help_center, **options):
        shop = server.start(help_center, host=host, port=port)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo shop: http://{host}:{port}/ (widget from {help_center}); stop with Ctrl+C."
            )
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            shop.shutdown()
