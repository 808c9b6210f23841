from django.core.management.base import BaseCommand

from kb.groups import ensure_groups
from portal.demo import loader


class Command(BaseCommand):
    help = (
        "Set up the demo help center: home page, categories and articles in every language, "
        "and the Editors and Support leads groups. Safe to run again: existing pages are kept "
        "(use --refresh to overwrite them with the demo text)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Overwrite existing demo pages with the demo text.",
        )

    def handle(self, *args, refresh=False, **options):
        report = loader.load(refresh=refresh)
        ensure_groups()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {len(report.created)} pages created, {len(report.updated)} "
                f"updated, {len(report.kept)} kept. Groups: Editors, Support leads."
            )
        )
