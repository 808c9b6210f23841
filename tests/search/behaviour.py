"""What shoppers and editors notice about search, run against every engine.

An engine's test module subclasses ``EngineBehaviour`` and provides two fixtures: ``engine``
(the engine under test) and ``namespace`` (where the shop corpus of corpus.py is indexed).
"""

import re
import uuid

import pytest

from search import result_cache
from search.backends import base as search_base
from search.documents import Passage
from search.text import fold, stop_words

from .corpus import CATEGORY_ACCOUNT, CATEGORY_ORDERS, shop_passages


def parents(results):
    return [hit.parent_id for hit in results.hits]


def titles(suggestions):
    return [suggestion.title for suggestion in suggestions]


#: A nonsense question in each language of the help center: no article answers it.
NONSENSE = [
    ("en", "purple elephant quantum banana"),
    ("de", "lila Elefant Quanten Banane"),
    ("fr", "éléphant violet banane quantique"),
    ("es", "elefante morado banana cuántica"),
]

RETURNS = "Returning an item"  # the English title of the "returns" article in corpus.py


def scratch(prefix="scratch"):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class EngineBehaviour:
    # -- finding the answer ---------------------------------------------------------------

    @pytest.mark.parametrize(
        ("language", "query", "expected"),
        [
            ("en", "how do I send something back", "returns"),
            ("en", "when will my parcel arrive", "shipping"),
            ("en", "my card was refused at checkout", "payment"),
            ("de", "wie sende ich einen Artikel zurück", "returns"),
            ("de", "ich habe mein Passwort vergessen, was nun", "password"),
            ("de", "wann kommt mein Paket an", "shipping"),
            ("fr", "comment renvoyer un produit", "returns"),
            ("fr", "ma carte bancaire ne passe pas", "payment"),
            ("fr", "je ne peux plus me connecter à mon compte", "password"),
            ("es", "cómo devuelvo un pedido", "returns"),
            ("es", "no me acuerdo de mi contraseña", "password"),
            ("es", "cuándo llega mi paquete", "shipping"),
        ],
    )
    def test_paraphrased_question_finds_the_article(
        self, engine, namespace, language, query, expected
    ):
        results = engine.search(query, language, namespace=namespace)
        assert parents(results)[0] == expected
        assert results.hits[0].language == language
        assert not results.fallback

    @pytest.mark.parametrize(
        ("language", "query", "expected"),
        [
            ("en", "pasword resett", "password"),
            ("en", "retrun an itme", "returns"),
            ("de", "Zahlung abgelent", "payment"),
            ("fr", "rembourssement", "returns"),
            ("es", "devolucion", "returns"),
        ],
    )
    def test_misspelt_query_finds_the_article(self, engine, namespace, language, query, expected):
        assert parents(engine.search(query, language, namespace=namespace))[0] == expected

    def test_hit_shows_the_best_passage_with_marked_words(self, engine, namespace):
        hit = engine.search("refund payment method", "en", namespace=namespace).hits[0]
        assert hit.parent_id == "returns"
        assert hit.heading == "Refunds"
        assert hit.url == "/en/returns/#s1"
        assert hit.title == "Returning an item" and hit.category == "Orders"
        assert hit.kind == "returns_policy"
        assert "<mark>refund</mark>" in hit.snippet

    # -- other languages ------------------------------------------------------------------

    def test_language_without_articles_falls_back_to_other_languages(self, engine, namespace):
        results = engine.search("hoe stuur ik een artikel terug", "nl", namespace=namespace)
        assert results.fallback
        assert parents(results)[0] == "returns"
        assert results.hits[0].language in {"en", "de", "fr", "es"}

    def test_missing_translation_falls_back_to_other_languages(self, engine, namespace):
        # Italian has only the delivery article: a password question is answered in another
        # language, a delivery question in Italian.
        results = engine.search(
            "ho dimenticato la password del mio account", "it", namespace=namespace
        )
        assert results.fallback
        assert parents(results)[0] == "password"
        assert results.hits[0].language != "it"
        results = engine.search("quando arriva il mio pacco", "it", namespace=namespace)
        assert not results.fallback
        assert results.hits[0].language == "it"

    def test_fallback_can_be_switched_off(self, engine, namespace):
        results = engine.search(
            "hoe stuur ik een artikel terug", "nl", namespace=namespace, fallback=False
        )
        assert results.hits == [] and not results.fallback

    # -- filters and visibility -----------------------------------------------------------

    def test_filters_narrow_the_results(self, engine, namespace):
        results = engine.search(
            "return label", "en", namespace=namespace, filters={"category_id": CATEGORY_ACCOUNT}
        )
        assert "returns" not in parents(results)
        assert set(parents(results)) <= {"password", "payment"}
        results = engine.search("card", "en", namespace=namespace, filters={"kind": "faq"})
        assert parents(results) == ["payment"]
        results = engine.search(
            "parcel",
            "en",
            namespace=namespace,
            filters={"kind": ["shipping", "returns_policy"], "category_id": CATEGORY_ORDERS},
        )
        assert set(parents(results)) <= {"shipping", "returns"} and results.hits

    def test_unknown_filter_is_refused_clearly(self, engine, namespace):
        with pytest.raises(ValueError, match="category_id"):
            engine.search("parcel", "en", namespace=namespace, filters={"colour": "red"})

    def test_articles_that_are_not_live_stay_hidden(self, engine, namespace):
        assert "gift-cards" not in parents(
            engine.search("gift card code", "en", namespace=namespace)
        )
        everything = engine.search(
            "gift card code", "en", namespace=namespace, filters={"live": None}
        )
        assert parents(everything)[0] == "gift-cards"

    def test_paging(self, engine, namespace):
        # The returns article in four languages, offered to a Dutch shopper.
        query = "hoe stuur ik een artikel terug"
        first = engine.search(query, "nl", namespace=namespace, size=2)
        second = engine.search(query, "nl", namespace=namespace, size=2, offset=2)

        def shown(results):
            return {(hit.parent_id, hit.language) for hit in results.hits}

        assert len(first.hits) == 2 and first.total >= 3 and second.total == first.total
        assert second.hits and not shown(first) & shown(second)

    def test_nonsense_finds_nothing(self, engine, namespace):
        results = engine.search("zzqx vvkw", "en", namespace=namespace)
        assert results.hits == [] and results.total == 0

    @pytest.mark.parametrize(
        ("language", "query"),
        [*NONSENSE, ("en", "Do you sell bicycles?"), ("de", "Verkaufen Sie Fahrräder?")],
    )
    def test_question_without_an_answer_finds_nothing_in_any_language(
        self, engine, namespace, language, query
    ):
        # Not in the shopper's language, and not through the fallback to the others either.
        results = engine.search(query, language, namespace=namespace)
        assert results.hits == [] and results.total == 0 and not results.fallback

    def test_words_no_article_holds_need_a_sure_model(self, engine, namespace, monkeypatch):
        """A question more than a third of whose content words no article of the language
        holds has no answer unless the model is sure of one: here never, with the bar
        raised out of reach."""
        monkeypatch.setattr(search_base, "UNKNOWN_WORDS_MIN_ARTICLES", 1)  # not 20: 5 here
        unknown = "how do I return an item by zeppelin airship"  # two of four words unknown

        def found(query):
            result_cache.clear()  # the same question, asked again under another bar
            results = engine.search(query, "en", namespace=namespace, fallback=False)
            return [hit.parent_id for hit in results.hits], results.total

        monkeypatch.setattr(engine.embedder, "unknown_word_floor", -1.0)  # always sure
        assert found(unknown)[0][:1] == ["returns"]
        monkeypatch.setattr(engine.embedder, "unknown_word_floor", 1.0)  # never
        assert found(unknown) == ([], 0)
        assert found("returning an item")[0][:1] == ["returns"]  # every word is held
        assert found("returning an itme")[0][:1] == ["returns"]  # a typo of a held word
        assert found("how do I return an item by zeppelin")[0][:1] == ["returns"]  # a third
        monkeypatch.setattr(search_base, "UNKNOWN_WORDS_MIN_ARTICLES", 20)
        assert found(unknown)[0][:1] == ["returns"]  # too few articles to tell

    @pytest.mark.parametrize(
        ("language", "query", "expected"),
        [
            ("de", "wie lange dauert der Versand", "shipping"),
            ("en", "how long does delivery take", "shipping"),
            ("fr", "combien de temps prend la livraison", "shipping"),
            ("en", "refund payment method", "returns"),
        ],
    )
    def test_precise_question_finds_a_handful_right_one_first(
        self, engine, namespace, language, query, expected
    ):
        results = engine.search(query, language, namespace=namespace)
        assert parents(results)[0] == expected
        assert results.total == len(results.hits) <= 3
        assert {hit.language for hit in results.hits} == {language}

    @pytest.mark.parametrize(
        ("language", "query"),
        [
            ("de", "wie lange dauert der Versand"),
            ("en", "how do I return an item to the shop"),
            ("fr", "comment retourner un article"),
            ("es", "cómo devuelvo un pedido"),
        ],
    )
    def test_stop_words_are_never_highlighted(self, engine, namespace, language, query):
        results = engine.search(query, language, namespace=namespace)
        assert results.hits
        marked = [
            fold(word)
            for hit in results.hits
            for word in re.findall(r"<mark>(.*?)</mark>", str(hit.snippet))
        ]
        assert not set(marked) & stop_words(language), marked

    # -- suggestions ----------------------------------------------------------------------

    def test_suggestions_complete_titles_and_headings(self, engine, namespace):
        suggestions = engine.suggest("Liefer", "de", namespace=namespace)
        assert suggestions[0].title == "Lieferzeiten"
        assert suggestions[0].url.startswith("/de/shipping/")
        headings = engine.suggest("forgot", "en", namespace=namespace)
        assert headings[0].title == "Resetting your password"
        assert headings[0].heading == "Forgot your password?"
        assert engine.suggest("zzqx", "en", namespace=namespace) == []

    def test_suggestions_tolerate_a_typo_and_hide_unpublished(self, engine, namespace):
        misspelt = engine.suggest("pasword", "en", namespace=namespace)
        assert misspelt[0].parent_id == "password"
        assert misspelt[0].title == "Resetting your password"
        assert engine.suggest("gift", "en", namespace=namespace) == []

    # -- indexing -------------------------------------------------------------------------

    def test_index_replace_and_delete(self, engine):
        namespace = scratch()
        passage = Passage(
            id="n:0",
            parent_id="news",
            language="en",
            title="Opening hours",
            text="Our customer service answers from 8 am to 6 pm.",
            namespace=namespace,
        )
        engine.index([passage])
        assert parents(
            engine.search("when is customer service open", "en", namespace=namespace)
        ) == ["news"]
        moved = Passage(**{**passage.__dict__, "text": "Our hotline is closed on public holidays."})
        engine.index([moved])
        hit = engine.search("public holidays hotline", "en", namespace=namespace).hits[0]
        assert "<mark>holidays</mark>" in hit.snippet and "6 pm" not in hit.snippet
        engine.delete(["news"], namespace=namespace)
        assert engine.search("public holidays hotline", "en", namespace=namespace).hits == []

    def test_delete_namespace_leaves_others_alone(self, engine, namespace):
        other = scratch()
        engine.index(shop_passages(other)[:3])
        assert engine.search("return an item", "en", namespace=other).hits
        engine.delete_namespace(other)
        assert engine.search("return an item", "en", namespace=other).hits == []
        assert engine.search("return an item", "en", namespace=namespace).hits

    def test_rebuild_replaces_the_namespace_keeping_whole_articles(self, engine):
        namespace = scratch()
        passages = [p for p in shop_passages(namespace) if p.language == "en"]
        progress = []
        engine.rebuild(
            passages,
            namespace=namespace,
            batch_size=1,
            progress=lambda d, t: progress.append((d, t)),
        )
        assert progress[-1] == (len(passages), len(passages))
        hit = engine.search("refund payment method", "en", namespace=namespace).hits[0]
        assert hit.heading == "Refunds"  # the article's second passage survived batching
        engine.rebuild([p for p in passages if p.parent_id == "payment"], namespace=namespace)
        assert "returns" not in parents(
            engine.search("return label parcel refund", "en", namespace=namespace)
        )
        assert parents(engine.search("card declined", "en", namespace=namespace)) == ["payment"]

    def test_unchanged_passages_are_not_embedded_again(self, engine):
        namespace = scratch()
        passages = shop_passages(namespace)[:4]  # the English and German returns article
        engine.index(passages)
        before = engine.embedder.texts_embedded
        engine.index(passages)
        assert engine.embedder.texts_embedded == before

        changed = [*passages]
        changed[1] = Passage(
            **{**passages[1].__dict__, "text": "Refunds reach your account within 5 days."}
        )
        engine.index(changed)
        # The changed passage and the overview of its article, each embedded both ways
        # (as passage and as query); nothing else.
        assert engine.embedder.texts_embedded - before == 4
        assert (
            parents(engine.search("refund within 5 days", "en", namespace=namespace))[0]
            == "returns"
        )

    def test_other_processes_see_changes(self, engine, engine_factory):
        namespace = scratch()
        reader = engine_factory()
        engine.index(shop_passages(namespace)[:2])
        assert reader.search("return an item", "en", namespace=namespace).hits
        engine.delete(["returns"], namespace=namespace)
        assert reader.search("return an item", "en", namespace=namespace).hits == []

    def test_health(self, engine, namespace):
        health = engine.health()
        assert health["ok"] and not health["degraded"] and health["dense"]
        assert health["embedder"]
