"""The embedded engine (the default): on SQLite, or on PostgreSQL when DATABASE_URL says so."""

import pytest
from django.db import connection

from search.backends import get_engine
from search.backends.embedded import EmbeddedSearchEngine
from search.documents import Passage
from search.embedders.sentence_transformers import SentenceTransformersEmbedder
from tests.conftest import require

from .behaviour import EngineBehaviour, parents, scratch


class TestEmbeddedEngine(EngineBehaviour):
    @pytest.fixture
    def engine(self, embedded_engine):
        return embedded_engine

    @pytest.fixture
    def engine_factory(self, db):
        return EmbeddedSearchEngine

    @pytest.fixture
    def namespace(self, shop_namespace):
        return shop_namespace


@pytest.fixture
def broken_engine(db, shop_namespace):
    """An engine whose embedding model cannot load (no model at that path)."""
    return EmbeddedSearchEngine(embedder=SentenceTransformersEmbedder("/nonexistent/model"))


def test_search_answers_from_full_text_when_the_model_cannot_load(broken_engine, shop_namespace):
    results = broken_engine.search("pasword resett", "en", namespace=shop_namespace)
    assert results.degraded
    assert parents(results)[0] == "password"
    assert "<mark>" in results.hits[0].snippet
    health = broken_engine.health()
    assert health["ok"] and health["degraded"] and not health["dense"]
    assert "/nonexistent/model" in health["error"]


def test_degraded_search_still_falls_back_to_other_languages(broken_engine, shop_namespace):
    results = broken_engine.search("Rücksendeetikett", "nl", namespace=shop_namespace)
    assert results.degraded and results.fallback
    assert parents(results) == ["returns"] and results.hits[0].language == "de"


def test_articles_indexed_while_the_model_is_down_are_embedded_later(
    broken_engine, embedded_engine
):
    from .corpus import shop_passages

    broken_engine.index(shop_passages("late")[:2])
    assert embedded_engine.health()["passages_without_vectors"] >= 2
    assert embedded_engine.embed_missing(namespace="late") == 2
    results = embedded_engine.search("how do I send something back", "en", namespace="late")
    assert parents(results) == ["returns"] and not results.degraded


def test_get_engine_is_shared_per_name_and_configurable(settings):
    assert get_engine() is get_engine("embedded")
    assert isinstance(
        get_engine("search.backends.embedded.EmbeddedSearchEngine"), EmbeddedSearchEngine
    )


def test_unknown_engine_fails_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SEARCH_ENGINE = "elasticsearch9000"
    with pytest.raises(ImproperlyConfigured, match="SEARCH_ENGINE = 'elasticsearch9000'"):
        get_engine()


@pytest.mark.postgres
def test_postgres_uses_the_languages_text_search_configuration(embedded_engine, shop_namespace):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    from search.models import IndexedDocument

    configs = dict(
        IndexedDocument.objects.filter(namespace=shop_namespace, parent_id="returns").values_list(
            "language", "search_config"
        )
    )
    assert configs == {"en": "english", "de": "german", "fr": "french", "es": "spanish"}
    # German stemming: "Rücksendungen" finds "Rücksendung" through the full-text side alone.
    results = embedded_engine.search(
        "Rücksendungen", "de", namespace=shop_namespace, mode="lexical"
    )
    assert parents(results)[0] == "returns"


def test_full_text_weighs_rare_words_over_common_ones(embedded_engine):
    # BM25 on SQLite and PostgreSQL alike: "wrap" is in one article's text, "order" in most
    # articles, however often one repeats it, title included.
    namespace = scratch()
    texts = {
        "status": ("Order status", "Your order, order number and order history: order pages."),
        "wrapping": ("Gift service", "On request we wrap your order as a gift."),
        "contact": ("Contact", "Call us or write to us."),
        "invoice": ("Invoices", "Every order comes with an invoice."),
    }
    embedded_engine.index(
        [
            Passage(
                id=key, parent_id=key, language="en", title=title, text=text, namespace=namespace
            )
            for key, (title, text) in texts.items()
        ]
    )
    embedded_engine.relevance_cutoff = float("-inf")  # every match, to see their order
    results = embedded_engine.search("order wrapping", "en", namespace=namespace, mode="lexical")
    assert parents(results)[0] == "wrapping"
    assert set(parents(results)) == {"status", "wrapping", "invoice"}


def test_full_text_counts_every_word(embedded_engine, shop_namespace):
    # Words a language's PostgreSQL configuration leaves out ("mi", "de") still match, as
    # they do in SQLite: this question shares no other word with the article.
    embedded_engine.relevance_cutoff = float("-inf")  # every match
    results = embedded_engine.search(
        "no recuerdo mi clave de acceso", "es", namespace=shop_namespace, mode="lexical"
    )
    assert "password" in parents(results)


def test_full_text_weighs_words_within_the_namespace_and_language(embedded_engine):
    # Statistics are those of the namespace and languages searched: a much larger German
    # namespace (an evaluation left behind, another site) changes no English score, and
    # neither do the site's German articles, where "versand" is common.
    namespace, other = scratch(), scratch()
    english = {
        "shipping": ("Shipping", "We ship every order within two days."),
        "returns": ("Returns", "Send your order back within thirty days."),
        "sizes": ("Size guide", "Our sizes run small: order one size up."),
    }
    english_passages = [
        Passage(id=k, parent_id=k, language="en", title=t, text=x, namespace=namespace)
        for k, (t, x) in english.items()
    ]
    embedded_engine.index(english_passages)

    def scores():
        results = embedded_engine.search(
            "ship order days", "en", namespace=namespace, mode="lexical"
        )
        return {hit.parent_id: hit.score for hit in results.hits}

    before = scores()
    assert list(before)[0] == "shipping"
    embedded_engine.index(
        [
            Passage(
                id=f"o{n}",
                parent_id=f"o{n}",
                language=language,
                title="Order days",
                text=f"Versand order {n} days ship ship ship.",
                namespace=namespace if language == "de" else other,
            )
            for n in range(40)
            for language in ("de", "en")
        ]
    )
    embedded_engine.index(english_passages)  # same text; statistics are counted again
    assert scores() == before


def test_full_text_of_another_process_follows_edits(embedded_engine):
    # Each process scores full text from its own snapshot of the terms: another engine (as
    # in another worker process) sees the new words at its next search, and not the old.
    namespace = scratch()
    reader = EmbeddedSearchEngine()
    passage = Passage(
        id="hours",
        parent_id="hours",
        language="de",
        title="Öffnungszeiten",
        text="Der Kundendienst ist werktags erreichbar.",
        namespace=namespace,
    )
    embedded_engine.index([passage])

    def found(query):
        return parents(reader.search(query, "de", namespace=namespace, mode="lexical"))

    assert found("werktags") == ["hours"]
    embedded_engine.index([Passage(**{**passage.__dict__, "text": "Samstags geschlossen."})])
    assert found("werktags") == [] and found("samstag") == ["hours"]
    embedded_engine.delete(["hours"], namespace=namespace)
    assert found("samstag") == []


def test_full_text_finds_articles_by_words_they_all_share(embedded_engine):
    # A word in half the articles or more weighs next to nothing in BM25, yet a query made
    # only of such words still finds the articles that hold them, the shortest first.
    namespace = scratch()
    texts = {
        "status": "Track your order.",
        "invoice": "Every order comes with an invoice.",
        "contact": "Call us.",
    }
    embedded_engine.index(
        [
            Passage(id=k, parent_id=k, language="en", title=k, text=t, namespace=namespace)
            for k, t in texts.items()
        ]
    )
    results = embedded_engine.search("order", "en", namespace=namespace, mode="lexical")
    assert parents(results) == ["status", "invoice"]
