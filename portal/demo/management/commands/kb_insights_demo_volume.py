import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import activity
from portal.insights import tasks
from portal.sitesearch.models import SearchLog


class Command(BaseCommand):
    help = (
        "Generate a realistic volume of shopper activity (searches, clicks, visit steps, "
        "votes, tickets) over the last days, to try and time the insights pages. Needs the "
        "demo help center (load_initial_data). Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--searches", type=int, default=1_000_000)
        parser.add_argument("--votes", type=int, default=100_000)
        parser.add_argument("--tickets", type=int, default=10_000)
        parser.add_argument("--days", type=int, default=90, help="Spread over this many days.")
        parser.add_argument(
            "--seed",
            type=int,
            help="Random seed, for the same activity again (default: a new one each run, so "
            "runs add up instead of colliding).",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete ALL searches, clicks, visit steps, votes and tickets first.",
        )
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has searches (for the demo set-up).",
        )
        parser.add_argument(
            "--no-embed",
            action="store_true",
            help="Do not embed the queries with poor results now (the pages do it bit by bit).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "This writes made-up shopper activity. Run it on a development database "
                "(DEBUG on), or pass --force if you really mean this database."
            )
        for name in ("searches", "votes", "tickets", "days", "batch_size"):
            if options[name] < (1 if name in ("days", "batch_size") else 0):
                raise CommandError(f"--{name.replace('_', '-')} must be positive.")
        if options["if_empty"] and SearchLog.objects.exists():
            self.stdout.write("Shopper activity exists already; nothing generated.")
            return
        started = time.monotonic()
        if options["clear"]:
            counts = activity.clear()
            self.stdout.write(
                "Deleted " + ", ".join(f"{count:,} {name}" for name, count in counts.items())
            )
        try:
            generator = activity.VolumeGenerator(
                searches=options["searches"],
                votes=options["votes"],
                tickets=options["tickets"],
                days=options["days"],
                seed=options["seed"] if options["seed"] is not None else time.time_ns(),
                batch_size=options["batch_size"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        last = [0.0]

        def progress(message):
            now = time.monotonic()
            if now - last[0] > 5:
                last[0] = now
                self.stdout.write(f"  {message} ({now - started:.0f} s)")

        totals = generator.run(progress=progress)
        self.stdout.write("Rolling up the days and embedding queries with poor results…")
        report = tasks.refresh(days=options["days"] + 1, embed=not options["no_embed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {totals.searches:,} searches, {totals.clicks:,} result clicks, "
                f"{totals.events:,} visit steps in {totals.visits:,} visits, "
                f"{totals.votes:,} votes and {totals.tickets:,} tickets; rolled up "
                f"{report['days']} days in {time.monotonic() - started:.0f} s."
            )
        )
