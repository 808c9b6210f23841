"""'Was this helpful?': one vote per visitor and article, reasons after a no, no reloads
needed but none required."""

import pytest
from django.core.cache import cache
from django.test import Client

from portal.feedback.models import ArticleVote
from portal.visits.models import VisitEvent

ARTICLE_DE = "/de/ruecksendungen/artikel-zuruecksenden/"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def test_article_asks_whether_it_helped(client, help_center):
    html = client.get(ARTICLE_DE).content.decode()
    assert 'id="feedback"' in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
    assert "csrfmiddlewaretoken" in html


def test_votes_need_a_csrf_token(help_center):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(ARTICLE_DE, {"helpful": "yes"}).status_code == 403
    assert not ArticleVote.objects.exists()


def test_yes_vote_without_javascript(client, help_center):
    response = client.post(ARTICLE_DE, {"helpful": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"{ARTICLE_DE}?feedback=thanks#feedback"
    vote = ArticleVote.objects.get()
    assert vote.helpful and vote.language == "de" and vote.article_id == help_center.faq.pk
    page = client.get(response["Location"]).content.decode()
    assert "feedback-heading" in page and 'name="helpful"' not in page


def test_no_vote_asks_why_then_offers_contact(client, help_center):
    response = client.post(ARTICLE_DE, {"helpful": "no"}, follow=True)
    html = response.content.decode()
    assert 'name="reason" value="missing"' in html
    assert f"/de/contact/?article={help_center.faq.pk}&amp;from=vote" in html

    response = client.post(
        ARTICLE_DE,
        {"helpful": "no", "reason": "outdated", "comment": "Prices changed."},
        follow=True,
    )
    vote = ArticleVote.objects.get()
    assert (vote.helpful, vote.reason, vote.comment) == (False, "outdated", "Prices changed.")
    assert f"/de/contact/?article={help_center.faq.pk}&amp;from=vote" in response.content.decode()


def test_voting_again_replaces_the_earlier_vote(client, help_center):
    client.post(ARTICLE_DE, {"helpful": "yes"})
    client.post(ARTICLE_DE, {"helpful": "no", "reason": "unclear"})
    assert ArticleVote.objects.count() == 1
    assert ArticleVote.objects.get().helpful is False
    html = client.get(ARTICLE_DE).content.decode()
    assert 'value="no" class="button button--secondary" aria-pressed="true"' in html
    # Another visitor has a vote of their own.
    Client().post(ARTICLE_DE, {"helpful": "yes"})
    assert ArticleVote.objects.count() == 2


def test_votes_are_counted_per_language(client, help_center):
    client.post(ARTICLE_DE, {"helpful": "yes"})
    Client().post("/fr/retours/retourner-un-article/", {"helpful": "no"})
    assert sorted(ArticleVote.objects.values_list("language", "helpful")) == [
        ("de", True),
        ("fr", False),
    ]


def test_too_long_comment_is_refused_and_kept(client, help_center):
    long_comment = "x" * 1001
    response = client.post(
        ARTICLE_DE, {"helpful": "no", "reason": "other", "comment": long_comment}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "1000" in html and 'aria-invalid="true"' in html
    assert long_comment in html  # nothing the shopper wrote is lost


def test_unknown_reason_is_refused(client, help_center):
    response = client.post(ARTICLE_DE, {"helpful": "no", "reason": "<script>"})
    assert response.status_code == 400
    assert "<script>" not in response.content.decode().split('id="feedback"')[1]


def test_javascript_vote_gets_json_with_the_next_step(client, help_center):
    response = client.post(ARTICLE_DE, {"helpful": "no"}, headers={"accept": "application/json"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["state"] == "why"
    assert 'name="reason"' in payload["html"] and "csrfmiddlewaretoken" in payload["html"]


def test_vote_flood_is_limited(client, help_center):
    for _ in range(30):
        assert client.post(ARTICLE_DE, {"helpful": "yes"}).status_code == 302
    response = client.post(ARTICLE_DE, {"helpful": "no"})
    assert response.status_code == 429
    assert 'role="alert"' in response.content.decode()
    assert ArticleVote.objects.get().helpful is True


def test_reading_an_article_is_part_of_the_visit(client, help_center):
    client.get(ARTICLE_DE)
    event = VisitEvent.objects.get(kind=VisitEvent.Kind.ARTICLE_VIEW)
    assert (event.article_id, event.language) == (help_center.faq.pk, "de")
