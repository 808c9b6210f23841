"""Articles ranked fairly by helpfulness, with views, reasons and the latest comments."""

import datetime

import pytest

from portal.insights import helpfulness
from portal.insights.helpfulness import ArticleHelpfulness, rank, wilson_interval
from portal.insights.periods import Period
from tests.insights.events import event, vote

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 10))


def row(title, yes, no, views=0):
    return ArticleHelpfulness(
        article_id=hash(title), title=title, edit_url="", live_url="", yes=yes, no=no, views=views
    )


def test_wilson_lower_bound():
    assert wilson_interval(0, 0) == (None, None)
    assert wilson_interval(3, 3)[0] == pytest.approx(0.4385, abs=1e-4)
    assert wilson_interval(280, 300)[0] == pytest.approx(0.8993, abs=1e-4)
    assert wilson_interval(1, 1)[0] == pytest.approx(0.2065, abs=1e-4)
    lower, upper = wilson_interval(0, 10)
    assert lower == 0 and upper == pytest.approx(0.2775, abs=1e-4)


def test_three_votes_do_not_beat_three_hundred():
    few, many, poor, unvoted = (
        row("Three of three", 3, 0),
        row("280 of 300", 280, 20),
        row("Two of ten", 2, 8),
        row("No votes", 0, 0, views=500),
    )
    assert [r.title for r in rank([few, unvoted, poor, many])] == [
        "280 of 300",
        "Three of three",
        "Two of ten",
        "No votes",
    ]
    least = rank([few, unvoted, poor, many], helpfulness.LEAST_HELPFUL)
    assert [r.title for r in least][:2] == ["Two of ten", "280 of 300"]


@pytest.mark.django_db
def test_articles_with_views_votes_reasons_and_latest_comments(articles):
    faq, other = articles.faq, articles.other
    for minute in range(3):
        event("article_view", f"2026-03-02 10:0{minute}", article_id=faq.pk)
    event("article_view", "2026-03-02 10:00", article_id=faq.pk, language="de")
    event("article_view", "2026-03-12 10:00", article_id=faq.pk)  # after the period
    vote(faq, True, "2026-03-02 10:00")
    vote(faq, False, "2026-03-03 10:00", reason="unclear", comment="Too long.")
    vote(faq, False, "2026-03-04 10:00", reason="unclear", comment="=HYPERLINK(1)")
    vote(faq, False, "2026-03-05 10:00", reason="outdated", comment="Prices changed.")
    vote(faq, False, "2026-03-06 10:00", reason="missing", comment="Which address?")
    vote(other, True, "2026-03-02 10:00", language="de")

    rows = {r.article_id: r for r in helpfulness.articles(MARCH)}
    article = rows[faq.pk]
    assert (article.views, article.yes, article.no) == (4, 1, 4)
    assert article.rate == pytest.approx(0.2)
    assert article.reasons == {
        "missing": 1,
        "unclear": 2,
        "incorrect": 0,
        "outdated": 1,
        "other": 0,
    }
    assert [c["comment"] for c in article.comments] == [
        "Which address?",
        "Prices changed.",
        "=HYPERLINK(1)",
    ]
    assert rows[other.pk].yes == 1 and rows[other.pk].views == 0

    german = {r.article_id: r for r in helpfulness.articles(Period(*MARCH_DAYS, "de"))}
    assert german[faq.pk].views == 1 and german[faq.pk].votes == 0
    assert german[other.pk].yes == 1


MARCH_DAYS = (MARCH.first_day, MARCH.last_day)
