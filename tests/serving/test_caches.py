"""What the caches save, and that they never show a shopper something stale or fail them."""

import pytest
from django.core.cache import caches

from search import query_vectors, result_cache
from search.backends import get_engine
from tests.factories import publish

ARTICLE_EN = "/en/returns/returning-an-item/"


def test_a_repeated_search_does_not_run_the_model_again(client, help_center, settings):
    settings.SEARCH_RESULTS_CACHE_SIZE = 0  # the query vector's cache alone
    embedder = get_engine().embedder
    first = client.get("/api/v1/search", {"q": "how do I send something back", "lang": "en"})
    embedded = embedder.texts_embedded
    # The same query after the engine's own clean-up (white space folded) is the same entry.
    again = client.get("/api/v1/search", {"q": "  how do I   send something back ", "lang": "en"})
    assert embedder.texts_embedded == embedded
    assert 'desc="miss"' in first["Server-Timing"] and 'desc="hit"' in again["Server-Timing"]
    assert again.json()["results"][0]["title"] == first.json()["results"][0]["title"]
    cache = client.get("/healthz").json()["checks"]["search"]["query_cache"]
    assert cache["hits"] >= 1 and cache["misses"] >= 1 and 0 < cache["hit_rate"] < 1


def test_a_broken_cache_still_answers_from_the_model(client, help_center, monkeypatch):
    class Broken:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache server down")

        set = get

    monkeypatch.setattr(query_vectors, "_cache", lambda: Broken())
    errors = query_vectors.stats()["errors"]
    response = client.get("/api/v1/search", {"q": "return an item", "lang": "en"})
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Returning an item"
    assert query_vectors.stats()["errors"] == errors + 1  # counted once: not written either


def test_benchmarks_embed_every_query(help_center):
    engine = get_engine()
    engine.search("return an item", "en")
    embedded = engine.embedder.texts_embedded
    with query_vectors.bypassed():
        results = engine.search("return an item", "en")
    assert engine.embedder.texts_embedded == embedded + 1
    assert results.query_vector == "miss"


def test_the_cache_can_be_turned_off(settings, help_center):
    settings.SEARCH_QUERY_CACHE = ""
    settings.SEARCH_RESULTS_CACHE_SIZE = 0
    engine = get_engine()
    engine.search("return an item", "en")
    embedded = engine.embedder.texts_embedded
    engine.search("return an item", "en")
    assert engine.embedder.texts_embedded == embedded + 1
    assert not caches["search"].get(query_vectors._key(engine.embedder, "return an item"))


def _search(client, query, **params):
    return client.get("/api/v1/search", {"q": query, "lang": "en", **params})


@pytest.fixture
def results_cache():
    result_cache.clear()
    yield
    result_cache.clear()


def test_a_repeated_search_is_answered_from_its_kept_results(client, help_center, results_cache):
    engine = get_engine()
    first = _search(client, "how do I send something back")
    embedded, hits = engine.embedder.texts_embedded, result_cache.stats()["hits"]
    again = _search(client, "  how do I   send something back ")
    assert engine.embedder.texts_embedded == embedded
    assert result_cache.stats()["hits"] == hits + 1
    assert 'results;desc="cached"' in again["Server-Timing"]
    assert 'results;desc="cached"' not in first["Server-Timing"]
    assert again.json()["results"] == first.json()["results"]
    assert again.json()["total"] == first.json()["total"]
    # Still a search of its own in insights, with its own id to vote and click on.
    assert again.json()["search_id"] != first.json()["search_id"]
    cache = client.get("/healthz").json()["checks"]["search"]["results_cache"]
    assert cache["entries"] >= 1 and cache["hits"] >= 1


def test_kept_results_never_outlive_an_edit(
    client, help_center, results_cache, django_capture_on_commit_callbacks
):
    query = "return an item"
    assert _search(client, query).json()["results"][0]["title"] == "Returning an item"
    faq = help_center.faq
    faq.title_en = "Sending an item back"
    with django_capture_on_commit_callbacks(execute=True):  # indexed once saved
        publish(faq)
    again = _search(client, query)
    assert 'results;desc="cached"' not in again["Server-Timing"]
    assert again.json()["results"][0]["title"] == "Sending an item back"


def test_kept_results_are_per_page_and_filter(client, help_center, results_cache):
    query = "return an item"
    _search(client, query)
    other_page = _search(client, query, page=2)
    other_kind = _search(client, query, kind="howto")
    assert 'results;desc="cached"' not in other_page["Server-Timing"]
    assert 'results;desc="cached"' not in other_kind["Server-Timing"]


def test_kept_results_are_bounded(settings, help_center, results_cache):
    settings.SEARCH_RESULTS_CACHE_SIZE = 2
    engine = get_engine()
    for query in ("return an item", "track my parcel", "change my password"):
        engine.search(query, "en")
    assert result_cache.stats()["entries"] == 2
    assert not engine.search("return an item", "en").cached  # the oldest went first
    assert engine.search("change my password", "en").cached


def test_benchmarks_rank_every_search(help_center, results_cache):
    engine = get_engine()
    engine.search("return an item", "en")
    with query_vectors.bypassed():
        assert not engine.search("return an item", "en").cached


def test_an_edited_article_shows_its_new_text_at_once(client, help_center):
    assert "Returning an item" in client.get(ARTICLE_EN).content.decode()
    client.get(ARTICLE_EN)  # served from the cached route and fragments
    faq = help_center.faq
    faq.title_en = "Sending an item back"
    publish(faq)
    html = client.get(ARTICLE_EN).content.decode()
    assert "Sending an item back" in html and "Returning an item" not in html


def test_a_withdrawn_article_is_gone_at_once(client, help_center):
    assert client.get(ARTICLE_EN).status_code == 200
    client.get(ARTICLE_EN)
    help_center.faq.unpublish()
    assert client.get(ARTICLE_EN).status_code == 404


def test_a_renamed_category_shows_in_its_articles_breadcrumbs(client, help_center):
    client.get(ARTICLE_EN)
    returns = help_center.returns
    returns.title_en = "Returns and refunds"
    publish(returns)
    # The article's URL is unchanged (same slug) and its breadcrumb shows the new title.
    assert "Returns and refunds" in client.get(ARTICLE_EN).content.decode()


def test_a_new_slug_shows_in_the_language_links_of_every_language(client, help_center):
    old = "/de/ruecksendungen/artikel-zuruecksenden/"
    new = "/de/ruecksendungen/artikel-zurueckschicken/"
    assert f'hreflang="de" href="http://testserver{old}"' in client.get(ARTICLE_EN).content.decode()
    assert client.get(old).status_code == 200  # its paths in every language remembered
    faq = help_center.faq
    faq.slug_de = "artikel-zurueckschicken"
    publish(faq)
    html = client.get(ARTICLE_EN).content.decode()
    assert f'hreflang="de" href="http://testserver{new}"' in html and old not in html
    html = client.get(new).content.decode()
    assert f'rel="canonical" href="http://testserver{new}"' in html and old not in html


def test_each_shopper_sees_their_own_vote(client, help_center):
    from django.test import Client

    Client().get(ARTICLE_EN)  # the article's fragments are cached by another shopper
    client.post(ARTICLE_EN, {"helpful": "no", "reason": "unclear"})
    pressed = 'value="no" class="button button--secondary" aria-pressed="true"'
    assert pressed in client.get(ARTICLE_EN).content.decode()
    theirs = Client().get(ARTICLE_EN).content.decode()
    assert pressed not in theirs and 'name="csrfmiddlewaretoken"' in theirs
