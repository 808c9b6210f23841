"""What every search-cluster engine must do against a real node, beyond the shared
behaviour suite: index layout, faults and the embedded fallback, alias-swap rebuilds, the
site and the operator commands on the cluster.

An engine's test module subclasses ``ClusterSuite`` with ``kind`` (the engine's name in
``SEARCH_ENGINES``; ``scripts/<kind>`` starts its node). Without a node the tests skip,
except under CI=true, where they fail.
"""

import copy
import json
import socket
import threading
import uuid

import pytest
import requests
from django.core import checks
from django.core.management import CommandError, call_command

import search.backends as backends
from search.backends import create_engine, engine_options
from search.backends.base import SearchUnavailable
from search.backends.cluster import engine as cluster_engine
from search.backends.cluster.mappings import SCHEMA_VERSION
from search.documents import Passage
from search.models import PendingSync
from tests.conftest import require

from .behaviour import EngineBehaviour, parents, scratch
from .corpus import shop_passages

#: Nothing listens here: a node that is down.
DOWN_URL = "http://127.0.0.1:9"


def _node_up(url):
    try:
        return requests.get(f"{url}/_cluster/health", timeout=3).ok
    except requests.RequestException:
        return False


def drop_indices(url, pattern):
    """Delete the indices matching ``pattern`` by name (clusters refuse wildcard deletes)."""
    found = requests.get(f"{url}/{pattern}/_alias", timeout=30)
    if found.ok and found.json():
        requests.delete(f"{url}/{','.join(found.json())}", timeout=60)


def configure(settings, kind, **options):
    """Point the site at the ``kind`` engine with these options (fresh engine instances)."""
    engines = copy.deepcopy(settings.SEARCH_ENGINES)
    engines[kind].update(options)
    settings.SEARCH_ENGINE = kind
    settings.SEARCH_ENGINES = engines
    backends._engines.clear()


class ClusterSuite(EngineBehaviour):
    kind = None

    # -- fixtures -------------------------------------------------------------------------

    @pytest.fixture(scope="class")
    @classmethod
    def node_url(cls):
        url = engine_options(cls.kind)["url"]
        require(_node_up(url), f"A {cls.kind} node at {url} (scripts/{cls.kind} start)")
        return url

    @pytest.fixture(scope="class")
    @classmethod
    def prefix(cls, node_url):
        """Index names of this class; every index made under it is dropped at the end."""
        name = f"test-{cls.kind[:2]}-{uuid.uuid4().hex[:10]}"
        yield name
        drop_indices(node_url, f"{name}*")

    @pytest.fixture(scope="class")
    @classmethod
    def make(cls, prefix):
        return lambda **options: create_engine(cls.kind, index_prefix=prefix, **options)

    @pytest.fixture(scope="class")
    @classmethod
    def namespace(cls, make, django_db_setup, django_db_blocker):
        shop = f"test-shop-{cls.kind}"
        with django_db_blocker.unblock():
            engine = make()
            engine.delete_namespace(shop)
            engine.index(shop_passages(shop))
        yield shop
        with django_db_blocker.unblock():
            engine.delete_namespace(shop)

    @pytest.fixture
    def engine(self, db, make, namespace):
        return make()

    @pytest.fixture
    def engine_factory(self, db, make):
        return make

    @pytest.fixture
    def down(self, db, make, namespace):
        """The same indices, but the node cannot be reached."""
        return make(url=DOWN_URL)

    @pytest.fixture
    def cluster_only(self, make):
        """Searches the cluster itself answers (no embedded fallback)."""
        cluster = make(fallback=False)
        return lambda query, language, namespace: parents(
            cluster.search(query, language, namespace=namespace)
        )

    @pytest.fixture
    def cluster_site(self, settings, prefix):
        """The site configured for this engine, before the help center is published."""
        configure(settings, self.kind, index_prefix=f"{prefix}-site-{uuid.uuid4().hex[:6]}")
        yield
        backends._engines.clear()

    @pytest.fixture
    def site_on_cluster(self, cluster_site, help_center):
        return help_center

    # -- layout and analysis --------------------------------------------------------------

    def test_each_language_gets_its_own_index_behind_an_alias(self, engine, namespace):
        aliases = engine.alias_indices(namespace)
        assert set(aliases) == {
            engine.alias(namespace, code) for code in ("en", "de", "fr", "es", "it")
        }
        mapping = engine.client.indices.get_mapping(index=engine.alias(namespace, "de"))
        mapping = next(iter(mapping.values()))["mappings"]
        assert mapping["_meta"] == {"schema": SCHEMA_VERSION, "analysis": "client"}
        assert engine.vector_dimension(mapping["properties"]["vector"]) == engine.embedder.dim
        assert mapping["properties"]["text_terms"]["analyzer"] == "whitespace"

    def test_german_stemming_matches_other_word_forms(self, engine, namespace):
        # Full text alone: "Rücksendungen" (plural) meets "Rücksendung" through the Snowball
        # stems the engine indexes, whatever analyzers the node has.
        results = engine.search("Rücksendungen", "de", namespace=namespace, mode="lexical")
        assert parents(results)[0] == "returns"
        assert "<mark>Rücksendung</mark>" in results.hits[0].snippet

    def test_the_cluster_and_its_fallback_agree_on_the_answer(self, engine, down, namespace):
        # The same analysis and fusion on both sides: the best answer and the passage shown
        # for it do not change when the node goes down (BM25 statistics differ slightly, so
        # weaker results may swap places).
        for query, language in [("wann kommt mein Paket an", "de"), ("refund", "en")]:
            on_cluster = engine.search(query, language, namespace=namespace).hits[0]
            on_fallback = down.search(query, language, namespace=namespace).hits[0]
            assert (on_cluster.parent_id, on_cluster.passage_id) == (
                on_fallback.parent_id,
                on_fallback.passage_id,
            )

    # -- faults ---------------------------------------------------------------------------

    def test_node_down_still_answers_from_the_embedded_fallback(self, down, namespace):
        results = down.search("how do I send something back", "en", namespace=namespace)
        assert parents(results)[0] == "returns"
        assert down.suggest("forgot", "en", namespace=namespace)[0].parent_id == "password"
        health = down.health()
        assert health["ok"] and health["degraded"]
        assert health["cluster"] == "unreachable" and health["serving"] == "embedded fallback"

    @pytest.fixture
    def hanging_node(self):
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

    def test_slow_node_times_out_to_the_fallback(self, db, make, namespace, hanging_node):
        url, accepted = hanging_node
        impatient = make(url=url, timeout=0.5)
        results = impatient.search("when will my parcel arrive", "en", namespace=namespace)
        assert parents(results)[0] == "shipping"
        assert "Timeout" in impatient.fallback.last_error
        tried = len(accepted)
        # The node is left alone for a while: the next shopper does not wait for it again.
        assert parents(impatient.search("card declined", "en", namespace=namespace))[0] == "payment"
        assert len(accepted) == tried
        assert impatient.health()["degraded"]

    def test_without_a_fallback_a_dead_node_is_a_clear_error(self, db, make, namespace):
        lonely = make(url=DOWN_URL, fallback=False)
        with pytest.raises(SearchUnavailable):
            lonely.search("parcel", "en", namespace=namespace)
        assert not lonely.health()["ok"]

    def test_bad_cluster_url_is_reported_not_raised(self, db, make, namespace, settings):
        broken = make(url="htp//nowhere")
        assert parents(broken.search("card declined", "en", namespace=namespace))[0] == "payment"
        health = broken.health()
        assert health["ok"] and health["degraded"] and health["cluster"] == "unreachable"
        assert "URL" in health["error"]
        configure(settings, self.kind, url="htp//nowhere")
        problems = [m for m in checks.run_checks() if m.id == "search.E003"]
        assert problems and f"{self.kind.upper()}_URL" in problems[0].msg
        backends._engines.clear()

    def test_writes_missed_while_the_node_was_down_are_replayed(self, down, engine, cluster_only):
        namespace = scratch()
        passages = shop_passages(namespace)[:4]  # the English and German returns article
        engine.index(passages)
        assert cluster_only("return an item", "en", namespace) == ["returns"]

        # While the node is down the article changes: shoppers get the new text from the
        # fallback, the cluster still has the old one.
        changed = [*passages]
        changed[0] = Passage(
            **{**passages[0].__dict__, "text": "Returns are collected by courier."}
        )
        down.index(changed)
        assert PendingSync.objects.filter(namespace=namespace, parent_id="returns").exists()
        assert engine.health()["pending_writes"] >= 1
        assert "courier" in down.search("courier", "en", namespace=namespace).hits[0].snippet
        assert cluster_only("courier", "en", namespace) == []

        assert engine.sync_pending() >= 1
        assert not PendingSync.objects.filter(namespace=namespace).exists()
        hit = engine.search("courier", "en", namespace=namespace).hits[0]
        assert hit.parent_id == "returns" and "<mark>courier</mark>" in hit.snippet
        assert cluster_only("courier", "en", namespace) == ["returns"]

        down.delete(["returns"], namespace=namespace)
        assert engine.sync_pending() >= 1
        assert cluster_only("return an item", "en", namespace) == []

    def test_a_refused_write_is_queued_and_replayed(self, engine, make, cluster_only):
        namespace = scratch()
        passages = shop_passages(namespace)[:2]  # the English returns article
        engine.index(passages)
        # The live index stops taking writes (as a cluster short of disk does).
        alias = engine.alias(namespace, "en")
        engine.client.indices.put_settings(index=alias, body={"index": {"blocks": {"write": True}}})
        try:
            changed = [
                Passage(**{**passages[0].__dict__, "text": "Returns are collected by courier."}),
                passages[1],
            ]
            engine.index(changed)
            assert PendingSync.objects.filter(namespace=namespace, parent_id="returns").exists()
            # Shoppers see the new text meanwhile: the refusal is not an outage, so searches
            # still go to the cluster, which has the old text; the fallback has the new one.
            assert engine.fallback.usable()
            assert engine.sync_pending() == 0  # still refused: stays queued
            assert PendingSync.objects.get(namespace=namespace, parent_id="returns").attempts == 1
        finally:
            engine.client.indices.put_settings(
                index=alias, body={"index": {"blocks": {"write": None}}}
            )
        assert engine.sync_pending() == 1
        assert cluster_only("courier", "en", namespace) == ["returns"]
        assert not PendingSync.objects.filter(namespace=namespace).exists()

    def test_a_whole_namespace_missed_is_rebuilt_when_the_node_is_back(
        self, down, engine, cluster_only
    ):
        namespace = scratch()
        passages = [p for p in shop_passages(namespace) if p.language == "fr"]
        with pytest.raises(SearchUnavailable, match="embedded index was rebuilt"):
            down.rebuild(passages, namespace=namespace)
        assert cluster_only("comment renvoyer un produit", "fr", namespace) == []
        assert engine.sync_pending() == 1
        assert cluster_only("comment renvoyer un produit", "fr", namespace)[0] == "returns"

    def test_an_index_of_another_layout_or_model_is_reported(self, engine, make, cluster_only):
        namespace = scratch()
        engine.index(shop_passages(namespace)[:2])
        alias = engine.alias(namespace, "sv")
        engine.client.indices.create(
            index=f"{alias}.v0",
            body={
                "settings": {"index": engine.index_settings()},
                "aliases": {alias: {}},
                "mappings": {"properties": {"vector": engine.vector_mapping(8)}},
            },
        )
        health = make().health()
        assert health["degraded"] and health["ok"]
        assert f"index {alias}.v0" in health["error"] and "kb_reindex" in health["error"]
        # Searching that language fails on the node; the fallback answers, never an error.
        assert make().search("return", "sv", namespace=namespace).hits is not None
        engine.delete_namespace(namespace)

    def test_snippets_from_the_cluster_are_escaped(self, engine, cluster_only, make):
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
        hit = make(fallback=False).search("coupon checkout", "en", namespace=namespace).hits[0]
        assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
        assert "<mark>coupon</mark>" in hit.snippet and "&amp;" in hit.snippet

    def test_few_knn_candidates_still_rank_like_many(self, engine, namespace, monkeypatch):
        """Articles k-NN leaves out but full text finds get exact dense scores: with one k-NN
        candidate instead of 200 and 50 they keep their places and their scores."""
        monkeypatch.setattr(engine, "relevance_cutoff", float("-inf"))  # all four, weak or not

        def scored(query, language):
            hits = engine.search(query, language, namespace=namespace).hits
            return [(hit.parent_id, round(hit.score, 3)) for hit in hits]

        query = ("Bestellung Karte Paket Passwort", "de")  # every German article matches a word
        full = scored(*query)
        assert len(full) == 4
        monkeypatch.setattr(cluster_engine, "KNN_ARTICLES", 1)
        monkeypatch.setattr(cluster_engine, "KNN_PASSAGES", 1)
        assert scored(*query) == full

    # -- reindexing -----------------------------------------------------------------------

    def test_rebuild_swaps_the_alias_and_searches_keep_answering(self, engine, cluster_only):
        namespace = scratch()
        passages = [p for p in shop_passages(namespace) if p.language == "en"]
        engine.index(passages)
        before = engine.alias_indices(namespace)
        answers = []

        def search_meanwhile(done, total):
            answers.append(cluster_only("card declined", "en", namespace)[:1])

        engine.rebuild(passages, namespace=namespace, batch_size=1, progress=search_meanwhile)
        assert answers and all(answer == ["payment"] for answer in answers)
        after = engine.alias_indices(namespace)
        alias = engine.alias(namespace, "en")
        assert after[alias] != before[alias]
        # The replaced index stays for searches still running on it, until the next rebuild.
        assert engine.indices(f"{alias}.*") == sorted(before[alias] + after[alias])
        engine.rebuild(passages, namespace=namespace)
        assert engine.indices(f"{alias}.*") == sorted(
            after[alias] + engine.alias_indices(namespace)[alias]
        )

    def test_concurrent_searches_during_a_rebuild(self, engine, make):
        namespace = scratch()
        passages = [p for p in shop_passages(namespace) if p.language == "de"]
        engine.index(passages)
        failures, searches, stop = [], [], threading.Event()
        reader = make(fallback=False)
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

    def test_reindex_command_builds_the_cluster_index(
        self, site_on_cluster, cluster_only, committed
    ):
        call_command("kb_reindex", engine=self.kind, stdout=open("/dev/null", "w"))
        engine = backends.get_engine(self.kind)
        aliases = engine.alias_indices("site")
        assert engine.alias("site", "en") in aliases and engine.alias("site", "de") in aliases
        cluster = create_engine(self.kind, index_prefix=engine.prefix, fallback=False)
        assert parents(cluster.search("return label", "en", namespace="site"))

    def test_reindex_catches_up_with_edits_made_meanwhile(
        self, site_on_cluster, committed, monkeypatch
    ):
        article = site_on_cluster.faq
        engine = backends.get_engine(self.kind)
        rebuild = engine.rebuild

        def rebuild_while_an_editor_unpublishes(*args, **kwargs):
            rebuild(*args, **kwargs)
            with committed():
                article.unpublish()  # after the rebuild read it, before the command ends

        monkeypatch.setattr(engine, "rebuild", rebuild_while_an_editor_unpublishes)
        out = open("/dev/null", "w")
        call_command("kb_reindex", engine=self.kind, stdout=out)
        cluster = create_engine(self.kind, index_prefix=engine.prefix, fallback=False)
        assert str(article.pk) not in parents(
            cluster.search("return an item", "en", namespace="site")
        )

    def test_reindex_with_the_node_down_says_what_happened(self, settings, site_on_cluster):
        configure(settings, self.kind, url=DOWN_URL)
        with pytest.raises(CommandError, match="embedded index was rebuilt"):
            call_command("kb_reindex", engine=self.kind, stdout=open("/dev/null", "w"))
        assert PendingSync.objects.filter(namespace="site", parent_id="").exists()

    # -- the site on the cluster ----------------------------------------------------------

    def test_site_search_and_live_indexing_on_the_cluster(self, client, site_on_cluster, committed):
        engine = backends.get_engine()
        assert engine.name == self.kind
        response = client.get("/en/search/", {"q": "how do I send an item back"})
        assert response.status_code == 200
        assert "Returning an item" in response.content.decode()
        health = client.get("/healthz").json()["checks"]["search"]
        assert health["engine"] == self.kind and health["serving"] == "cluster"

        article = site_on_cluster.faq
        cluster = create_engine(self.kind, index_prefix=engine.prefix, fallback=False)
        assert str(article.pk) in parents(cluster.search("return an item", "en", namespace="site"))
        with committed():
            article.unpublish()
        assert str(article.pk) not in parents(
            cluster.search("return an item", "en", namespace="site")
        )

    def test_site_search_with_the_node_down(self, client, settings, site_on_cluster):
        configure(settings, self.kind, url=DOWN_URL)
        response = client.get("/en/search/", {"q": "how do I send an item back"})
        assert response.status_code == 200
        assert "Returning an item" in response.content.decode()
        health = client.get("/healthz").json()
        assert health["checks"]["search"]["cluster"] == "unreachable" and health["degraded"]

        configure(settings, self.kind, url=DOWN_URL, fallback=False)
        response = client.get("/en/search/", {"q": "how do I send an item back"})
        assert response.status_code == 200
        assert "Search is temporarily unavailable" in response.content.decode()
        assert client.get("/api/v1/search", {"q": "return", "lang": "en"}).status_code == 503

    # -- evaluation -----------------------------------------------------------------------

    def test_kb_eval_compares_engines_side_by_side(self, db, settings, prefix, tmp_path, capsys):
        from .test_commands import CORPUS, QUERIES, write

        configure(settings, self.kind, index_prefix=f"{prefix}-eval")
        corpus, queries = write(tmp_path / "c.jsonl", CORPUS), write(tmp_path / "q.jsonl", QUERIES)
        call_command(
            "kb_eval",
            corpus=str(corpus),
            queries=str(queries),
            engine=["embedded", self.kind],
            json=True,
        )
        reports = json.loads(capsys.readouterr().out)
        assert set(reports) == {"embedded", self.kind}
        for report in reports.values():
            assert report["mrr@10"] == 1.0  # the German query crosses over to the English corpus
            assert report["latency_ms"]["p95"] > 0
        engine = create_engine(self.kind, index_prefix=f"{prefix}-eval")
        assert engine.indices(f"{prefix}-eval.*") == []  # the throwaway indices are gone

    def test_kb_bench_compares_the_cluster_with_the_embedded_engine(
        self, db, settings, prefix, tmp_path, capsys
    ):
        from .test_commands import bench_files

        configure(settings, self.kind, index_prefix=f"{prefix}-bench")
        call_command(
            "kb_bench",
            eval_dir=str(bench_files(tmp_path)),
            engine=["embedded", self.kind],
            sizes="20",
            queries=5,
            cold=2,
        )
        out = capsys.readouterr().out
        assert "== embedded" in out and f"== {self.kind}" in out
        assert f"20 passages: p95 of {self.kind} is " in out and "× that of embedded" in out
        engine = create_engine(self.kind, index_prefix=f"{prefix}-bench")
        assert engine.indices(f"{prefix}-bench.*") == []  # the throwaway indices are gone
