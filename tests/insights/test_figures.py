"""Each key figure on crafted sequences of shopper activity, with exact expected numbers."""

import datetime

import pytest
from django.test import override_settings

from portal.insights import figures
from portal.insights.periods import Period
from tests.insights.events import event, search, ticket, vote

pytestmark = pytest.mark.django_db

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 10))


def by_key(period):
    return {figure.key: figure for figure in figures.key_figures(period)}


def test_no_data_gives_zeros_and_no_rates():
    result = by_key(MARCH)
    for key in ("searches", "contact_visits", "deflected", "tickets", "tickets_after_search"):
        assert result[key].value == 0 and result[key].previous == 0
        assert result[key].change is None
    for key in (
        "success_rate",
        "zero_result_rate",
        "deflection_rate",
        "self_service_ratio",
        "helpfulness_rate",
    ):
        assert result[key].value is None
    assert all(row["searches"] == 0 for row in figures.daily_trends(MARCH))


def test_period_is_whole_days_in_the_time_zone():
    assert MARCH.days == 10
    assert MARCH.previous() == Period(datetime.date(2026, 2, 19), datetime.date(2026, 2, 28))
    search("2026-03-01 00:00")  # first moment: in
    search("2026-03-10 23:59:59.999")  # last moment: in
    search("2026-03-11 00:00")  # next day: out
    search("2026-02-28 23:59:59")  # previous period
    result = by_key(MARCH)["searches"]
    assert (result.value, result.previous, result.change) == (2, 1, 100.0)


def test_search_success_and_zero_result_rates():
    search("2026-03-02 10:00", visit="a", clicked=True)
    search("2026-03-02 10:01", visit="a")  # page search, results, no click
    search("2026-03-02 10:02", visit="a", results=0)  # found nothing
    search("2026-03-03 09:00", visit="b", source="api")  # API: not in the success rate
    search("2026-03-03 09:01", visit="b", source="api", results=0)
    result = by_key(MARCH)
    assert result["searches"].value == 5
    assert result["success_rate"].value == pytest.approx(1 / 3)
    assert result["zero_result_rate"].value == pytest.approx(2 / 5)


def test_language_filter_applies_to_each_record_language():
    search("2026-03-02 10:00", language="de", clicked=True)
    search("2026-03-02 10:00", language="en")
    event("contact_view", "2026-03-02 11:00", visit="de-visit", language="de")
    event("contact_view", "2026-03-02 11:00", visit="en-visit", language="en")
    ticket("2026-03-02 12:00", visit="de-visit", language="de")
    german = by_key(Period(MARCH.first_day, MARCH.last_day, "de"))
    assert german["searches"].value == 1
    assert german["success_rate"].value == 1.0
    assert german["contact_visits"].value == 1
    assert german["tickets"].value == 1
    english = by_key(Period(MARCH.first_day, MARCH.last_day, "en"))
    assert english["success_rate"].value == 0.0
    assert english["tickets"].value == 0
    assert english["self_service_ratio"].value is None


def test_deflection_needs_a_suggestion_after_the_form_and_no_ticket():
    # a: form, then a suggested article, no ticket: deflected.
    event("contact_view", "2026-03-02 10:00", visit="a")
    event("suggestion_opened", "2026-03-02 10:02", visit="a")
    # b: form, suggestion, but a ticket all the same: not deflected.
    event("contact_view", "2026-03-02 10:00", visit="b")
    event("suggestion_opened", "2026-03-02 10:02", visit="b")
    event("ticket", "2026-03-02 10:05", visit="b")
    # c: suggestion opened before the form only: not deflected.
    event("suggestion_opened", "2026-03-02 09:58", visit="c")
    event("contact_view", "2026-03-02 10:00", visit="c")
    # d: form only; opened twice, still one visit.
    event("contact_view", "2026-03-02 10:00", visit="d")
    event("contact_view", "2026-03-02 10:03", visit="d")
    # e: form on the last evening, suggestion after midnight: deflected, in this period.
    event("contact_view", "2026-03-10 23:58", visit="e")
    event("suggestion_opened", "2026-03-11 00:01", visit="e")
    result = by_key(MARCH)
    assert result["contact_visits"].value == 5
    assert result["deflected"].value == 2
    assert result["deflection_rate"].value == pytest.approx(2 / 5)


def test_tickets_after_a_search():
    search("2026-03-02 10:00", visit="a")
    ticket("2026-03-02 10:10", visit="a")  # after a search
    ticket("2026-03-02 10:10", visit="b")
    search("2026-03-02 10:20", visit="b")  # the search came after the ticket
    search("2026-03-02 10:00", visit="c", source="api")  # API searches are not visit steps
    ticket("2026-03-02 10:10", visit="c")
    result = by_key(MARCH)
    assert result["tickets"].value == 3
    assert result["tickets_after_search"].value == 1


@override_settings(TIME_ZONE="Europe/Berlin")
def test_a_visit_past_midnight_counts_once_per_period_and_on_each_day():
    # 23:50 on the 2nd to 00:20 on the 3rd, Berlin time.
    search("2026-03-02 23:50", visit="night", clicked=True)
    event("article_view", "2026-03-03 00:05", visit="night", article_id=1)
    search("2026-03-03 00:10", visit="night")
    event("contact_view", "2026-03-02 23:55", visit="night")
    event("contact_view", "2026-03-03 00:15", visit="night")
    ticket("2026-03-03 00:20", visit="night")
    event("ticket", "2026-03-03 00:20", visit="night")
    # Another visit on the 3rd only.
    event("article_view", "2026-03-03 09:00", visit="day", article_id=1)

    result = by_key(MARCH)
    assert result["self_service_ratio"].value == 2.0  # 2 visits / 1 ticket
    assert result["contact_visits"].value == 1
    daily = {row["day"]: row for row in figures.daily_trends(MARCH)}
    second, third = daily[datetime.date(2026, 3, 2)], daily[datetime.date(2026, 3, 3)]
    assert (second["searches"], third["searches"]) == (1, 1)
    assert (second["success_rate"], third["success_rate"]) == (1.0, 0.0)
    assert (second["contact_visits"], third["contact_visits"]) == (1, 1)
    assert (second["tickets"], third["tickets"]) == (0, 1)
    # One day alone still counts the visit once.
    one_day = Period(datetime.date(2026, 3, 3), datetime.date(2026, 3, 3))
    assert figures.visits(one_day) == 2


def test_helpfulness_counts_each_vote_once_with_its_latest_answer(articles):
    article = articles.faq
    # Cast "no" in February, changed to "yes" in March: one "yes" in March, none in February.
    vote(article, True, "2026-03-02 10:00", cast="2026-02-20 10:00")
    result = by_key(MARCH)["helpfulness_rate"]
    assert (result.value, result.previous) == (1.0, None)
    vote(article, False, "2026-03-03 10:00", reason="unclear")
    vote(article, False, "2026-03-12 10:00")  # after the period
    result = by_key(MARCH)["helpfulness_rate"]
    assert result.value == 0.5


def test_change_against_the_previous_period():
    for day in ("2026-02-20", "2026-02-21"):
        search(f"{day} 10:00", clicked=True)
        search(f"{day} 11:00")
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        search(f"{day} 10:00", clicked=True)
    result = by_key(MARCH)
    assert (result["searches"].value, result["searches"].previous) == (3, 4)
    assert result["searches"].change == pytest.approx(-25.0)
    # 100 % now against 50 % before: +50 percentage points.
    assert result["success_rate"].change == pytest.approx(50.0)
