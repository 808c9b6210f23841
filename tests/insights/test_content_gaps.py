"""Queries with poor results grouped by meaning with the real embedding model."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import override_settings

from portal.insights import gaps
from portal.insights.periods import Period
from search.models import EmbeddingCache
from tests.insights.events import search

pytestmark = pytest.mark.django_db

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 10))


@pytest.fixture(autouse=True)
def _no_cached_vectors():
    """Count only the vectors these tests cache: other tests leave the help center's
    passage vectors committed in the cache (rolled back with the test)."""
    EmbeddingCache.objects.all().delete()


def poor(query, times, language="en", results=0):
    for minute in range(times):
        search(f"2026-03-02 10:{minute:02d}", query=query, language=language, results=results)


def test_similar_queries_group_together_and_others_stay_apart():
    poor("return label", 5)
    poor("retrun label", 2)
    poor("how do I return", 3, results=4)  # found something, nothing opened
    poor("password reset", 4)
    poor("rücksendeetikett", 2, language="de")
    search("2026-03-02 11:00", query="return label", clicked=True)  # a good search

    report = gaps.content_gaps(MARCH, embed_budget=100)
    groups = {(gap.language, gap.label): gap for gap in report.gaps}
    returns = groups[("en", "return label")]
    assert sorted(query for query, _count in returns.queries) == [
        "how do i return",
        "retrun label",
        "return label",
    ]
    assert returns.poor_searches == 10
    assert (returns.zero_result_searches, returns.unclicked_page_searches) == (7, 3)
    assert returns.searches == 11
    assert returns.examples == ["how do i return", "retrun label"]
    assert [q for q, _n in groups[("en", "password reset")].queries] == ["password reset"]
    # Groups stay within a language.
    assert [q for q, _n in groups[("de", "rücksendeetikett")].queries] == ["rücksendeetikett"]
    assert [(g.label, g.poor_searches) for g in report.gaps][:2] == [
        ("return label", 10),
        ("password reset", 4),
    ]
    assert report.ungrouped == 0


def test_vectors_are_cached_and_new_queries_wait_for_the_budget():
    poor("return label", 2)
    poor("password reset", 1)
    first = gaps.content_gaps(MARCH, embed_budget=1)
    assert (first.queries, first.ungrouped) == (2, 1)
    assert EmbeddingCache.objects.count() == 1
    second = gaps.content_gaps(MARCH, embed_budget=1)
    assert second.ungrouped == 0 and EmbeddingCache.objects.count() == 2
    assert gaps.content_gaps(MARCH, embed_budget=0).ungrouped == 0


def test_without_an_embedder_each_query_is_its_own_group(monkeypatch):
    poor("return label", 2)
    poor("retrun label", 1)
    monkeypatch.setattr(gaps, "_embedder", lambda: None)
    report = gaps.content_gaps(MARCH)
    assert not report.embedder_available
    assert [gap.label for gap in report.gaps] == ["return label", "retrun label"]


def test_gaps_page_links_to_creating_an_article(client, users, articles):
    _editor, lead = users
    poor("gift card balance", 3)
    client.force_login(lead)
    html = client.get("/admin/insights/gaps/", {"start": "2026-03-01", "end": "2026-03-10"})
    html = html.content.decode()
    assert "gift card balance" in html
    assert "/admin/pages/create/kb/articlepage" not in html  # support leads do not write
    admin = User.objects.create_superuser("admin", "admin@example.com", "pw-admin-123")
    client.force_login(admin)
    html = client.get("/admin/insights/gaps/", {"start": "2026-03-01", "end": "2026-03-10"})
    assert "/admin/pages/create/kb/articlepage" in html.content.decode()
    # With a single category, Wagtail goes straight to the new article's form.
    response = client.get("/admin/pages/create/kb/articlepage", follow=True)
    assert response.status_code == 200
    assert (
        response.redirect_chain[-1][0] == f"/admin/pages/add/kb/articlepage/{articles.category.pk}/"
    )


def test_vectors_of_purged_queries_are_forgotten():
    poor("return label", 1)
    search("2026-03-05 10:00", query="password reset", results=0)
    gaps.content_gaps(MARCH, embed_budget=10)
    assert EmbeddingCache.objects.count() == 2
    gaps.purge_query_texts(datetime.date(2026, 3, 4))  # "return label" was searched on the 2nd only
    assert EmbeddingCache.objects.count() == 1
    assert gaps.content_gaps(MARCH, embed_budget=0).ungrouped == 0


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_with_a_task_worker_pages_never_wait_for_the_model():
    from django_tasks import default_task_backend

    cache.clear()
    poor("return label", 2)
    poor("password reset", 1)
    report = gaps.content_gaps(MARCH)
    assert report.ungrouped == 2 and not EmbeddingCache.objects.exists()
    gaps.content_gaps(MARCH)  # queued once, not on every page view
    assert len(default_task_backend.results) == 1
    queued = default_task_backend.results[0]
    assert queued.args == ["2026-03-01", "2026-03-10", ""]
    assert gaps.embed_gap_queries.call(*queued.args) == 2
    assert gaps.content_gaps(MARCH).ungrouped == 0
