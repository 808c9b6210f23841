"""The OpenSearch engine against a real node (``scripts/opensearch start``; ``make test``
starts one). Without a node these tests skip, except under CI=true, where they fail."""

import json
import socket
import threading
import uuid

import pytest
import requests
from django.conf import settings

import search.backends as backends
from search.backends.opensearch import OpenSearchEngine, SearchUnavailable
from search.backends.opensearch.mappings import analyzer_for
from search.documents import Passage
from search.models import PendingSync
from tests.conftest import require

from .behaviour import EngineBehaviour, parents, scratch
from .corpus import shop_passages

pytestmark = pytest.mark.opensearch

SHOP = "test-shop-os"
#: Nothing listens here: a node that is down.
DOWN_URL = "http://127.0.0.1:9"


def _node_up(url):
    try:
        return requests.get(f"{url}/_cluster/health", timeout=3).ok
    except requests.RequestException:
        return False


@pytest.fixture(scope="session")
def node_url():
    url = settings.OPENSEARCH_URL
    require(_node_up(url), f"An OpenSearch node at {url} (scripts/opensearch start)")
    return url


@pytest.fixture(scope="session")
def prefix(node_url):
    """Index names of this test session; every index made under it is dropped at the end."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    yield name
    requests.delete(f"{node_url}/{name}*", timeout=30)


@pytest.fixture(scope="session")
def os_shop_namespace(prefix, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        engine = OpenSearchEngine(index_prefix=prefix)
        engine.delete_namespace(SHOP)
        engine.index(shop_passages(SHOP))
    yield SHOP
    with django_db_blocker.unblock():
        engine.delete_namespace(SHOP)


class TestOpenSearchEngine(EngineBehaviour):
    @pytest.fixture
    def engine(self, db, prefix):
        return OpenSearchEngine(index_prefix=prefix)

    @pytest.fixture
    def engine_factory(self, db, prefix):
        return lambda: OpenSearchEngine(index_prefix=prefix)

    @pytest.fixture
    def namespace(self, os_shop_namespace):
        return os_shop_namespace


@pytest.fixture
def engine(db, prefix, os_shop_namespace):
    return OpenSearchEngine(index_prefix=prefix)


@pytest.fixture
def down(db, prefix, os_shop_namespace):
    """The same indices, but the node cannot be reached."""
    return OpenSearchEngine(index_prefix=prefix, url=DOWN_URL)


def index_names(engine, namespace):
    return engine._alias_indices(namespace)


def on_cluster(engine, query, language, namespace):
    """Articles the cluster itself finds (no embedded fallback)."""
    cluster = OpenSearchEngine(index_prefix=engine.prefix, fallback=False)
    return parents(cluster.search(query, language, namespace=namespace))


# -- analysis and layout ----------------------------------------------------------------


def test_each_language_gets_its_own_analyzer_behind_an_alias(engine):
    aliases = index_names(engine, SHOP)
    assert set(aliases) == {engine.alias(SHOP, code) for code in ("en", "de", "fr", "es", "it")}
    mapping = engine.client.indices.get_mapping(index=engine.alias(SHOP, "de"))
    fields = next(iter(mapping.values()))["mappings"]["properties"]
    assert fields["text"]["analyzer"] == "german"
    assert fields["vector"]["type"] == "knn_vector"
    assert fields["vector"]["dimension"] == engine.embedder.dim
    assert analyzer_for("pt-BR") == "brazilian" and analyzer_for("xx") == "standard"


def test_german_stemming_matches_other_word_forms(engine):
    # Full text alone: "Rücksendungen" (plural) meets "Rücksendung" through the German stemmer.
    results = engine.search("Rücksendungen", "de", namespace=SHOP, mode="lexical")
    assert parents(results)[0] == "returns"
    assert "<mark>" in results.hits[0].snippet


# -- faults -----------------------------------------------------------------------------


def test_node_down_still_answers_from_the_embedded_fallback(down):
    results = down.search("how do I send something back", "en", namespace=SHOP)
    assert parents(results)[0] == "returns"
    assert down.suggest("forgot", "en", namespace=SHOP)[0].parent_id == "password"
    health = down.health()
    assert health["ok"] and health["degraded"]
    assert health["cluster"] == "unreachable" and health["serving"] == "embedded fallback"


@pytest.fixture
def hanging_node():
    """A server that accepts connections and never answers: a node that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted, stop = [], threading.Event()

    def serve():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_slow_node_times_out_to_the_fallback(db, prefix, os_shop_namespace, hanging_node):
    url, accepted = hanging_node
    impatient = OpenSearchEngine(index_prefix=prefix, url=url, timeout=0.5)
    results = impatient.search("when will my parcel arrive", "en", namespace=SHOP)
    assert parents(results)[0] == "shipping"
    assert "Timeout" in impatient._last_error
    tried = len(accepted)
    # The node is left alone for a while: the next shopper does not wait for it again.
    assert parents(impatient.search("card declined", "en", namespace=SHOP))[0] == "payment"
    assert len(accepted) == tried
    assert impatient.health()["degraded"]


def test_without_a_fallback_a_dead_node_is_a_clear_error(db, prefix):
    lonely = OpenSearchEngine(index_prefix=prefix, url=DOWN_URL, fallback=False)
    with pytest.raises(SearchUnavailable):
        lonely.search("parcel", "en", namespace=SHOP)
    assert not lonely.health()["ok"]


def test_writes_missed_while_the_node_was_down_are_replayed(down, engine):
    namespace = scratch()
    passages = shop_passages(namespace)[:4]  # the English and German returns article
    engine.index(passages)
    assert on_cluster(engine, "return an item", "en", namespace) == ["returns"]

    # While the node is down the article changes: shoppers get the new text from the
    # fallback, the cluster still has the old one.
    changed = [*passages]
    changed[0] = Passage(**{**passages[0].__dict__, "text": "Returns are collected by courier."})
    down.index(changed)
    assert PendingSync.objects.filter(namespace=namespace, parent_id="returns").exists()
    assert engine.health()["pending_writes"] >= 1
    assert "courier" in down.search("courier collection", "en", namespace=namespace).hits[0].snippet
    cluster = OpenSearchEngine(index_prefix=engine.prefix, fallback=False)
    assert "courier" not in cluster.search("return", "en", namespace=namespace).hits[0].snippet

    assert engine.sync_pending() >= 1
    assert not PendingSync.objects.filter(namespace=namespace).exists()
    hit = cluster.search("courier collection", "en", namespace=namespace).hits[0]
    assert hit.parent_id == "returns" and "<mark>courier</mark>" in hit.snippet

    down.delete(["returns"], namespace=namespace)
    assert engine.sync_pending() >= 1
    assert on_cluster(engine, "return an item", "en", namespace) == []


def test_a_whole_namespace_missed_is_rebuilt_when_the_node_is_back(down, engine):
    namespace = scratch()
    passages = [p for p in shop_passages(namespace) if p.language == "fr"]
    with pytest.raises(SearchUnavailable, match="embedded index was rebuilt"):
        down.rebuild(passages, namespace=namespace)
    assert on_cluster(engine, "comment renvoyer un produit", "fr", namespace) == []
    assert engine.sync_pending() == 1
    assert on_cluster(engine, "comment renvoyer un produit", "fr", namespace)[0] == "returns"


def test_snippets_from_the_cluster_are_escaped(engine):
    namespace = scratch()
    engine.index(
        [
            Passage(
                id="x:0",
                parent_id="xss",
                language="en",
                title="Coupons <b>now</b>",
                text='Enter the coupon <script>alert("x")</script> at checkout & save.',
                namespace=namespace,
            )
        ]
    )
    hit = (
        OpenSearchEngine(index_prefix=engine.prefix, fallback=False)
        .search("coupon checkout", "en", namespace=namespace)
        .hits[0]
    )
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>coupon</mark>" in hit.snippet and "&amp;" in hit.snippet


def test_few_knn_candidates_still_rank_like_many(engine, monkeypatch):
    """Articles k-NN leaves out but full text finds get exact dense scores: with one k-NN
    candidate instead of 200 they keep their places and their scores."""
    from search.backends.opensearch import engine as module

    def scored(query, language):
        hits = engine.search(query, language, namespace=SHOP).hits
        return [(hit.parent_id, round(hit.score, 3)) for hit in hits]

    query = ("Bestellung Karte Paket Passwort", "de")  # every German article matches a word
    full = scored(*query)
    assert len(full) == 4
    monkeypatch.setattr(module, "KNN_CANDIDATES", 1)
    assert scored(*query) == full


# -- reindexing -------------------------------------------------------------------------


def test_rebuild_swaps_the_alias_and_searches_keep_answering(engine):
    namespace = scratch()
    passages = [p for p in shop_passages(namespace) if p.language == "en"]
    engine.index(passages)
    before = index_names(engine, namespace)
    answers = []

    def search_meanwhile(done, total):
        answers.append(on_cluster(engine, "card declined", "en", namespace)[:1])

    engine.rebuild(passages, namespace=namespace, batch_size=1, progress=search_meanwhile)
    assert answers and all(answer == ["payment"] for answer in answers)
    after = index_names(engine, namespace)
    alias = engine.alias(namespace, "en")
    assert after[alias] != before[alias]
    # The replaced index stays for searches still running on it, until the next rebuild.
    assert engine._indices(f"{alias}.*") == sorted(before[alias] + after[alias])
    engine.rebuild(passages, namespace=namespace)
    assert engine._indices(f"{alias}.*") == sorted(
        after[alias] + index_names(engine, namespace)[alias]
    )


def test_concurrent_searches_during_a_rebuild(engine):
    namespace = scratch()
    passages = [p for p in shop_passages(namespace) if p.language == "de"]
    engine.index(passages)
    failures, searches, stop = [], [], threading.Event()
    reader = OpenSearchEngine(index_prefix=engine.prefix, fallback=False)
    reader._null()  # read from the database here: the thread below only talks to the node

    def shopper():
        while not stop.is_set():
            try:
                searches.append(1)
                if not parents(reader.search("Paket", "de", namespace=namespace)):
                    failures.append("no results")
            except Exception as exc:  # noqa: BLE001 — collected for the assertion
                failures.append(repr(exc))

    thread = threading.Thread(target=shopper)
    thread.start()
    try:
        for _ in range(3):
            engine.rebuild(passages, namespace=namespace, batch_size=2)
            while len(searches) < 3:  # make sure searches ran across every swap
                stop.wait(0.05)
            searches.clear()
    finally:
        stop.set()
        thread.join()
    assert failures == []


def test_reindex_command_builds_the_cluster_index(db, prefix, settings, help_center_on_opensearch):
    from django.core.management import call_command

    engine = backends.get_engine("opensearch")
    call_command("kb_reindex", engine="opensearch", stdout=open("/dev/null", "w"))
    aliases = index_names(engine, "site")
    assert engine.alias("site", "en") in aliases and engine.alias("site", "de") in aliases
    assert on_cluster(engine, "return label", "en", "site")


def test_reindex_with_the_node_down_says_what_happened(settings, help_center_on_opensearch):
    from django.core.management import CommandError, call_command

    settings.OPENSEARCH_URL = DOWN_URL
    backends._engines.clear()
    with pytest.raises(CommandError, match="embedded index was rebuilt"):
        call_command("kb_reindex", engine="opensearch", stdout=open("/dev/null", "w"))
    assert PendingSync.objects.filter(namespace="site", parent_id="").exists()


# -- the site on the cluster ------------------------------------------------------------


@pytest.fixture
def opensearch_site(settings, prefix):
    """The site configured for the opensearch engine (fresh engine instances)."""
    site_prefix = f"{prefix}-site-{uuid.uuid4().hex[:6]}"
    settings.SEARCH_ENGINE = "opensearch"
    settings.OPENSEARCH_INDEX_PREFIX = site_prefix
    saved = dict(backends._engines)
    backends._engines.clear()
    yield site_prefix
    backends._engines.clear()
    backends._engines.update(saved)


@pytest.fixture
def help_center_on_opensearch(opensearch_site, help_center):
    return help_center


def test_site_search_and_live_indexing_on_the_cluster(client, help_center_on_opensearch, committed):
    engine = backends.get_engine()
    assert isinstance(engine, OpenSearchEngine)
    response = client.get("/en/search/", {"q": "how do I send an item back"})
    assert response.status_code == 200
    assert "Returning an item" in response.content.decode()

    article = help_center_on_opensearch.faq
    assert str(article.pk) in on_cluster(engine, "return an item", "en", "site")
    with committed():
        article.unpublish()
    assert str(article.pk) not in on_cluster(engine, "return an item", "en", "site")


def test_site_search_with_the_node_down(client, settings, help_center_on_opensearch):
    settings.OPENSEARCH_URL = DOWN_URL
    backends._engines.clear()
    response = client.get("/en/search/", {"q": "how do I send an item back"})
    assert response.status_code == 200
    assert "Returning an item" in response.content.decode()
    health = client.get("/healthz").json()
    assert health["checks"]["search"]["cluster"] == "unreachable" and health["degraded"]

    settings.OPENSEARCH_FALLBACK = False
    backends._engines.clear()
    response = client.get("/en/search/", {"q": "how do I send an item back"})
    assert response.status_code == 200
    assert "Search is temporarily unavailable" in response.content.decode()
    assert client.get("/api/v1/search", {"q": "return", "lang": "en"}).status_code == 503


# -- evaluation -------------------------------------------------------------------------


def test_kb_eval_compares_engines_side_by_side(db, settings, prefix, tmp_path, capsys):
    from django.core.management import call_command

    from .test_commands import CORPUS, QUERIES, write

    settings.OPENSEARCH_INDEX_PREFIX = f"{prefix}-eval"
    corpus, queries = write(tmp_path / "c.jsonl", CORPUS), write(tmp_path / "q.jsonl", QUERIES)
    call_command(
        "kb_eval",
        corpus=str(corpus),
        queries=str(queries),
        engine=["embedded", "opensearch"],
        json=True,
    )
    reports = json.loads(capsys.readouterr().out)
    assert set(reports) == {"embedded", "opensearch"}
    for report in reports.values():
        assert report["mrr@10"] == 1.0  # the German query crosses over to the English corpus
        assert report["latency_ms"]["p95"] > 0
    engine = OpenSearchEngine(index_prefix=f"{prefix}-eval")
    assert engine._indices(f"{prefix}-eval.*") == []  # the throwaway indices are gone
