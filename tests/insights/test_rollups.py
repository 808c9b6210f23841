"""Daily roll-ups: computed on demand, kept up to date, and the same numbers as the records."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from portal.demo import activity
from portal.feedback.models import ArticleVote
from portal.insights import figures, rollups
from portal.insights.models import DailyFigures, DailyQueryFigures
from portal.insights.periods import Period
from portal.sitesearch.models import SearchLog
from portal.support.models import Ticket
from portal.visits.models import VisitEvent
from tests.insights.events import event, search

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def test_a_day_is_rolled_up_once_and_again_only_when_it_may_have_changed():
    search("2026-03-02 10:00")
    assert rollups.ensure([DAY]) == [DAY]
    assert rollups.ensure([DAY]) == []  # final: computed long after the day ended
    search("2026-03-02 11:00")  # records written afterwards (an import): rebuild the day
    assert figures.search_totals(Period(DAY, DAY))["searches"] == 1
    rollups.rebuild(DAY, DAY)
    assert figures.search_totals(Period(DAY, DAY))["searches"] == 2


def test_today_follows_new_activity_after_the_refresh_interval():
    today = timezone.localdate()
    now = timezone.now()
    SearchLog.objects.create(
        language="en", query="a", normalized_query="a", result_count=1, latency_ms=1,
        visitor_key="x", visit_key="y",
    )  # fmt: skip
    period = Period(today, today)
    assert figures.search_totals(period)["searches"] == 1
    SearchLog.objects.create(
        language="en", query="b", normalized_query="b", result_count=1, latency_ms=1,
        visitor_key="x", visit_key="y",
    )  # fmt: skip
    with override_settings(INSIGHTS_REFRESH_SECONDS=300):
        assert rollups.ensure([today], now=now) == []  # refreshed a moment ago
    with override_settings(INSIGHTS_REFRESH_SECONDS=0):
        assert figures.search_totals(period)["searches"] == 2
        assert rollups.ensure([today]) == []  # nothing new since


def test_future_days_are_not_rolled_up():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert rollups.ensure([tomorrow]) == []
    assert not DailyFigures.objects.filter(day=tomorrow).exists()


def test_visits_in_two_languages_count_once_for_all_languages():
    event("article_view", "2026-03-02 10:00", visit="v", language="en", article_id=1)
    event("article_view", "2026-03-02 10:05", visit="v", language="de", article_id=1)
    rollups.roll_up(DAY)
    counts = dict(DailyFigures.objects.filter(day=DAY).values_list("language", "visits"))
    assert counts == {"": 1, "en": 1, "de": 1}


def test_query_texts_are_purged_with_the_searches_retention():
    search("2026-03-02 10:00")
    rollups.roll_up(DAY)
    assert rollups.purge(DAY) == (0, set())
    assert rollups.purge(DAY + datetime.timedelta(days=1), dry_run=True) == (1, set())
    assert DailyQueryFigures.objects.count() == 1  # a dry run only counts
    assert rollups.purge(DAY + datetime.timedelta(days=1)) == (1, {"return label"})
    assert not DailyQueryFigures.objects.exists()
    assert DailyFigures.objects.get(day=DAY, language="").searches == 1  # counts stay


def test_demo_volume_command_makes_exact_numbers(articles, capsys):
    call_command(
        "kb_insights_demo_volume", "--searches", "400", "--votes", "120", "--tickets", "15",
        "--days", "5", "--force", "--no-embed",
    )  # fmt: skip
    assert SearchLog.objects.count() == 400
    assert ArticleVote.objects.count() == 120
    assert Ticket.objects.count() == 15
    assert VisitEvent.objects.filter(kind="ticket").count() == 15
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=5), today)
    assert figures.search_totals(period)["searches"] == 400
    assert figures.totals(period)["tickets"] == 15
    # Rolled up by the command itself.
    assert DailyFigures.objects.filter(day=today, language="").exists()
    activity.clear()
    assert SearchLog.objects.count() == 0 and Ticket.objects.count() == 0


def test_rollup_command(capsys):
    today = timezone.localdate()
    search(f"{today - datetime.timedelta(days=1)} 10:00", results=0)
    call_command("kb_insights_rollup", "--days", "2")
    assert "Rolled up 2 day(s); 1 queries with poor results" in capsys.readouterr().out
    assert DailyFigures.objects.get(day=today - datetime.timedelta(days=1), language="").searches
