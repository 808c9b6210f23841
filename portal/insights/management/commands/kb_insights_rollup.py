import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.insights import tasks


class Command(BaseCommand):
    help = (
        "Roll up the insights figures of the last days, embed new queries with poor results "
        "for the content-gap groups, and delete roll-up query texts older than "
        "RETENTION_SEARCH_DAYS. Run it daily, after midnight (pages also roll up on demand)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=tasks.RECENT_DAYS,
            help="Roll up this many days up to today (default %(default)s).",
        )
        parser.add_argument(
            "--since",
            type=datetime.date.fromisoformat,
            help="Roll up every day from this date (YYYY-MM-DD), e.g. after importing data.",
        )

    def handle(self, *args, days, since, **options):
        today = timezone.localdate()
        if since is not None:
            if since > today:
                raise CommandError("--since is in the future.")
            days = (today - since).days + 1
        if days < 1:
            raise CommandError("--days must be at least 1.")
        report = tasks.refresh(days=days, today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rolled up {report['days']} day(s); {report['queries_embedded']} queries with "
                f"poor results ready to group; deleted {report['query_rows_purged']} old "
                "query rows."
            )
        )
