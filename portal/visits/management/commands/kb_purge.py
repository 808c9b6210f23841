from django.core.management.base import BaseCommand

from portal.visits import retention


class Command(BaseCommand):
    help = (
        "Delete shoppers' data older than the retention periods: searches and visit steps "
        "(RETENTION_SEARCH_DAYS), tickets (RETENTION_TICKET_DAYS); drop the browser key of "
        "old votes (RETENTION_VOTER_KEY_DAYS). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args, dry_run=False, **options):
        for outcome in retention.purge(dry_run=dry_run):
            self.stdout.write(outcome.describe(dry_run=dry_run) + ".")
