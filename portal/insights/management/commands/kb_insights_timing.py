import datetime
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from portal.insights.views import VIEWS


class Command(BaseCommand):
    help = (
        "Render every insights page several times, as a superuser, through the whole "
        "request stack, and print the median time of each (e.g. after kb_insights_demo_volume)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--days", type=int, default=30, help="Length of the period.")
        parser.add_argument("--language", default="", help="Language filter, e.g. de.")
        parser.add_argument("--user", help="Superuser to render as (default: the first).")

    def handle(self, *args, runs, days, language, user, **options):
        if runs < 1 or not 1 <= days <= 366:
            raise CommandError("--runs must be at least 1 and --days between 1 and 366.")
        users = get_user_model().objects.filter(is_superuser=True, is_active=True)
        account = users.filter(username=user).first() if user else users.order_by("pk").first()
        if account is None:
            raise CommandError("No active superuser to render the pages as (createsuperuser).")
        try:
            urls = [reverse(f"insights_{view.name}") for view in VIEWS]
        except NoReverseMatch as exc:
            raise CommandError(
                "The insights pages are not registered in the admin (portal/insights/wagtail_hooks.py)."
            ) from exc
        today = timezone.localdate()
        params = {
            "start": (today - datetime.timedelta(days=days - 1)).isoformat(),
            "end": today.isoformat(),
        }
        if language:
            params["language"] = language
        hosts = settings.ALLOWED_HOSTS
        client = Client(
            HTTP_HOST="testserver" if "*" in hosts or "testserver" in hosts else hosts[0]
        )
        client.force_login(account)
        self.stdout.write(f"{days} days to {today}, {language or 'all languages'}, {runs} runs")
        try:
            for url in urls:
                timings = []
                for _run in range(runs):
                    started = time.perf_counter()
                    response = client.get(f"{url}?{urlencode(params)}")
                    timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{url} answered {response.status_code}.")
                runs_text = ", ".join(f"{value:.0f}" for value in timings)
                self.stdout.write(
                    f"{url:32} median {statistics.median(timings):6.0f} ms  ({runs_text})"
                )
        finally:
            client.logout()
