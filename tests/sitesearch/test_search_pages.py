"""Shoppers search the help center: the page, suggestions, the API, the log and live indexing."""

import dataclasses

import pytest
from django.core.cache import cache
from django.test import Client

from kb.indexing import article_passages
from kb.models import ArticlePage
from portal.sitesearch.models import SearchClick, SearchLog
from portal.visits.models import VisitEvent
from tests.factories import publish
from tests.search.behaviour import NONSENSE


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_search_page_finds_the_article_in_the_shoppers_words(client, help_center):
    response = client.get("/de/search/", {"q": "wie schicke ich etwas zurück"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Artikel zurücksenden" in html.split('class="search-results"')[1]
    assert '<meta name="robots" content="noindex, follow">' in html


def test_snippets_highlight_the_words_that_matched(client, help_center):
    html = client.get("/de/search/", {"q": "Werktage Standardversand"}).content.decode()
    assert "<mark>Werktage</mark>" in html.split('class="search-results"')[1]


def test_misspelt_query_still_finds_the_answer(client, help_center):
    html = client.get("/en/search/", {"q": "retrun an itme"}).content.decode()
    assert "Returning an item" in html.split('class="search-results"')[1]


def test_answers_in_another_language_are_found_and_labelled(client, help_center):
    # "Delivery times" has no French translation; a French shopper still finds it.
    html = client.get("/fr/search/", {"q": "délai de livraison standard"}).content.decode()
    results = html.split('class="search-results"')[1]
    assert "Delivery times" in results
    assert 'lang="en"' in results


def results_block(html):
    """The ordered list of hits; a page without one fails the test instead of passing."""
    assert html.count('class="search-results"') == 1, "no results list on the page"
    return html.split('class="search-results"')[1].split("</ol>")[0]


def test_filters_and_zero_result_page(client, help_center):
    html = client.get(
        "/en/search/", {"q": "return", "category": help_center.returns.pk}
    ).content.decode()
    assert "1 article found" in html
    assert "Returning an item" in results_block(html)

    html = client.get(
        "/en/search/", {"q": "return", "category": help_center.shipping.pk}
    ).content.decode()
    assert 'class="search-results"' not in html
    assert "0 articles found" in html
    assert "No article matches your search" in html
    assert 'href="?q=return">Search all topics and types</a>' in html
    assert f'<option value="{help_center.shipping.pk}" selected>Shipping</option>' in html

    html = client.get("/en/search/", {"q": "zzqx vvkw"}).content.decode()
    assert "No article matches your search" in html
    assert 'href="/en/contact/?from=no_results"' in html


@pytest.mark.parametrize(("language", "query"), NONSENSE)
def test_nonsense_reaches_the_zero_result_page_and_the_contact_form(
    client, help_center, language, query
):
    # No article in the shopper's language, nor through the fallback to the others: the
    # zero-result page offers the contact form, and insights count a zero-result search.
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    assert 'class="search-results"' not in html
    assert f'href="/{language}/' in html and '?from=no_results"' in html
    log = SearchLog.objects.latest("pk")
    assert log.result_count == 0 and not log.fallback


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "\x00\x01\x02 return",
        '"return',
        "return*",
        "NEAR(return label)",
        "(return",
        "-return",
        "return AND OR NOT",
        "\ufffd\ufffe",
        "ü" * 300,
    ],
)
def test_bad_input_never_breaks_the_search_page(client, help_center, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200


def test_undecodable_bytes_in_the_query(client, help_center):
    assert client.get("/en/search/?q=%FF%FE%ED%B3%BF").status_code == 200
    response = client.get("/api/v1/search?lang=en&q=%FF%FE%C0")
    # Nothing readable is left of such a query: a clear 400, as for an empty one.
    assert response.status_code == 400
    assert response.json()["error"] == "Parameter 'q' must contain a search text."


def test_bad_filters_are_ignored_with_a_clear_page(help_center):
    for params in [
        {"q": "return", "category": "abc"},
        {"q": "return", "kind": "x"},
        {"q": "return", "page": "-3"},
    ]:
        response = Client().get("/en/search/", params)
        assert response.status_code == 200
        html = response.content.decode()
        # The shopper gets the unfiltered first page, with no filter picked and no warning.
        assert "Results for “return”" in html
        assert "1 article found" in html
        assert "Returning an item" in results_block(html)
        assert "No article matches your search" not in html
        assert "selected" not in html.split('class="search-filters"')[1].split("</form>")[0]
        assert 'class="notice' not in html


def test_searches_and_clicks_are_logged_without_personal_data(client, help_center, settings):
    settings.SEARCH_MIN_RELEVANCE = float("-inf")  # every match: this is about the log
    client.get("/en/search/", {"q": "return my order LL-204817, mail me at a@b.example"})
    log = SearchLog.objects.get()
    assert log.query == "return my order [order], mail me at [email]"
    assert log.language == "en" and log.result_count >= 1 and log.latency_ms > 0
    assert help_center.faq.pk in log.top_results
    position = log.top_results.index(help_center.faq.pk) + 1
    assert len(log.visitor_key) == 24
    response = client.get(f"/en/search/{log.pk}/open/{help_center.faq.pk}/", {"position": position})
    assert response.status_code == 302 and response["Location"] == "/en/returns/returning-an-item/"
    click = SearchClick.objects.get()
    assert (click.search_id, click.article_id, click.position) == (
        log.pk,
        help_center.faq.pk,
        position,
    )
    assert VisitEvent.objects.filter(kind=VisitEvent.Kind.RESULT_CLICK).count() == 1


def test_suggestions_while_typing(client, help_center):
    payload = client.get("/de/search/suggest/", {"q": "Liefer"}).json()
    assert payload["suggestions"][0]["title"] == "Lieferzeiten"
    assert payload["suggestions"][0]["url"] == "/de/versand/lieferzeiten/"
    assert client.get("/de/search/suggest/", {"q": "\x00"}).json()["suggestions"] == []


def test_json_api(client, help_center):
    response = client.get("/api/v1/search", {"q": "wie schicke ich etwas zurück", "lang": "de-DE"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["language"] == "de"
    first = payload["results"][0]
    assert first["id"] == help_center.faq.pk
    assert first["url"] == "http://testserver/de/ruecksendungen/artikel-zuruecksenden/"
    assert first["title"] == "Artikel zurücksenden"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert SearchLog.objects.get().source == SearchLog.Source.API


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "", "lang": "en"}, "q"),
        ({"q": "x" * 10_000, "lang": "en"}, "q"),
        ({"q": "return", "lang": "<script>"}, None),
        ({"q": "return", "lang": "en", "size": "500"}, "size"),
        ({"q": "return", "lang": "en", "kind": "nope"}, "kind"),
    ],
)
def test_api_refuses_bad_input_with_400(client, help_center, params, field):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    payload = response.json()
    assert payload["error"]
    if field:
        assert field in payload["details"]


def test_api_accepts_languages_the_site_does_not_ship(client, help_center):
    payload = client.get("/api/v1/search", {"q": "return an item", "lang": "nl"}).json()
    assert payload["results"] and payload["fallback"] is True


def test_publishing_updates_search_within_the_request(client, help_center, committed):
    page = ArticlePage.objects.get(pk=help_center.german_only.pk)
    page.summary_en = "Parcels to Iceland travel by ferry and take longer."
    with committed():
        publish(page)
    html = client.get("/en/search/", {"q": "ferry to Iceland"}).content.decode()
    assert "Delivery times" in html.split("search-count")[1]

    with committed():
        page.unpublish()
    html = client.get("/en/search/", {"q": "ferry to Iceland"}).content.decode()
    assert "Delivery times" not in html.split("search-count")[1]


def test_deleting_an_article_removes_it_from_search(client, help_center, committed):
    with committed():
        ArticlePage.objects.get(pk=help_center.faq.pk).delete()
    html = client.get("/en/search/", {"q": "return an item"}).content.decode()
    assert "Returning an item" not in html.split("search-count")[1]


def test_moving_an_article_updates_its_url_in_results(client, help_center, committed):
    page = ArticlePage.objects.get(pk=help_center.faq.pk)
    with committed():
        page.move(help_center.shipping, pos="last-child")
    payload = client.get("/api/v1/search", {"q": "return an item", "lang": "en"}).json()
    assert payload["results"][0]["url"].endswith("/en/shipping/returning-an-item/")


def test_reindex_catches_up_with_articles_changed_while_it_ran(client, help_center, committed):
    """kb_reindex writes articles as it read them at its start; one unpublished meanwhile
    must not come back."""
    from django.utils import timezone

    from kb.management.commands.kb_reindex import Command
    from search.backends import get_engine

    started = timezone.now()
    page = ArticlePage.objects.get(pk=help_center.faq.pk)
    with committed():
        page.unpublish()
    # What a rebuild that had read the article before it was unpublished would write.
    engine = get_engine()
    stale = article_passages(ArticlePage.objects.get(pk=page.pk))
    engine.index([dataclasses.replace(passage, live=True) for passage in stale])
    assert str(page.pk) in [hit.parent_id for hit in engine.search("return an item", "en")]

    assert Command()._catch_up(engine, started) == 1
    assert str(page.pk) not in [hit.parent_id for hit in engine.search("return an item", "en")]
