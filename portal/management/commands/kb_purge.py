from django.conf import settings
from django.core.management.base import BaseCommand

from portal import privacy


class Command(BaseCommand):
    help = (
        "Delete shoppers' data older than the retention periods: searches and visit events "
        "(RETENTION_SEARCH_DAYS), tickets (RETENTION_TICKET_DAYS); drop the browser key of "
        "old votes (RETENTION_VOTER_KEY_DAYS). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args, dry_run=False, **options):
        report = privacy.purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {report.searches} searches and {report.visit_events} visit events older "
            f"than {settings.RETENTION_SEARCH_DAYS} days, {report.tickets} tickets older than "
            f"{settings.RETENTION_TICKET_DAYS} days; "
            f"{'would anonymise' if dry_run else 'anonymised'} {report.votes_anonymised} votes."
        )
