"""``ClusterEngine``: BM25 and k-NN in a search cluster, fused like the embedded engine.

A search sends the full-text request (BM25 over articles; over passages too when no dense
score will pick the passage to show) and, while the node answers it, embeds the query; then
one multi-search: k-NN over passages and over article overviews, and exact dense scores for
the articles full text found. Article candidates carry only their key and passages the text
a hit shows; only articles full text found as a whole are fetched at the end. The scores
are fused by ``search.fusion`` exactly as the embedded engine fuses its own, and snippets are
highlighted by ``search.snippets``: a cluster and the embedded engine answer alike.

A dialect (``opensearch``, ``elasticsearch``) subclasses this with what differs: the client
(``connect``), its exceptions, bulk writes, the vector field and the k-NN query bodies.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from django.core.exceptions import ImproperlyConfigured

from ...fusion import DEFAULT_WEIGHTS
from ...snippets import matcher
from ...text import clean_query, evidence_words, words
from ..base import DENSE_CANDIDATES, Ranking, SearchEngine, SearchUnavailable, fused_ranking
from ..embedded.indexer import group_articles
from ..embedding import UsesEmbedder
from . import queries
from .analysis import query_terms
from .fallback import Fallback, NodeUnavailable
from .indices import ClusterIndices, floats
from .mappings import article_key, mapping_problem, safe
from .results import Candidates, suggestions_of

logger = logging.getLogger(__name__)

#: Most query words sent to the cluster.
MAX_QUERY_WORDS = 32
#: Article overviews taken from the k-NN side: the best DENSE_CANDIDATES articles by dense
#: score are nearly all among them.
KNN_ARTICLES = DENSE_CANDIDATES
#: Passages taken from the k-NN side, with what a hit shows: the best passage of an article
#: shown is nearly always among them. As many as KNN_ARTICLES made the k-NN request half as
#: slow again; an article found by its overview only gets an estimate (Candidates.dense).
KNN_PASSAGES = 50
#: Most documents an exact-scoring request may look at.
EXACT_LIMIT = 10_000

_executor_lock = threading.Lock()


class SearchRefused(Exception):
    """One search of a multi-search failed on the node."""

    def __init__(self, response):
        error = response.get("error")
        reason = error.get("reason") if isinstance(error, dict) else error
        super().__init__(f"search refused: {reason or response}"[:1000])
        self.status = int(response.get("status") or 500)


class ClusterEngine(ClusterIndices, UsesEmbedder, SearchEngine):
    name = "cluster"
    #: Where a node of this kind listens by default (``scripts/<name> url``).
    default_url = ""

    def __init__(
        self,
        embedder=None,
        weights=DEFAULT_WEIGHTS,
        *,
        url=None,
        index_prefix="helpcenter",
        timeout=2.0,
        index_timeout=30.0,
        shards=1,
        replicas=0,
        fallback=True,
        username="",
        password="",
        api_key="",
        ca_certs="",
        **options,
    ):
        super().__init__(**options)
        self._embedder = embedder
        self.weights = weights
        self.url = self.default_url if url is None else str(url)
        self.prefix = safe(index_prefix or "helpcenter")
        self.timeout = float(timeout)
        self.index_timeout = float(index_timeout)
        self.shards, self.replicas = int(shards), int(replicas)
        self.credentials = {
            "username": username or "",
            "password": password or "",
            "api_key": api_key or "",
            "ca_certs": ca_certs or "",
        }
        self.fallback = Fallback(self, enabled=bool(fallback))
        self._clients = {}
        self._executor = None
        self._has_vectors = set()  # aliases known to have the vector field

    # -- what a dialect provides ----------------------------------------------------------

    #: Exceptions meaning the node failed or refused a request (with ``NodeUnavailable``).
    client_errors = ()
    #: The client's "not found" and "bad request" exceptions.
    not_found = request_error = LookupError

    def connect(self, timeout):
        """A client of the node at ``self.url`` whose requests give up after ``timeout``."""
        raise NotImplementedError

    def status_of(self, exc):
        """The HTTP status of a client exception, None when the node did not answer."""
        raise NotImplementedError

    def bulk(self, actions, refresh, **options):
        """The client's bulk helper; ``options``: ``require_alias``, ``ignore_status``."""
        raise NotImplementedError

    def index_settings(self):
        return {}

    def vector_mapping(self, dimension):
        raise NotImplementedError

    def vector_dimension(self, field_mapping):
        raise NotImplementedError

    def knn_body(self, vector, clauses, size, candidates):
        """The ``query`` of a k-NN search of ``size`` documents among ``candidates``."""
        raise NotImplementedError

    def cosine(self, score):
        """Cosine similarity from a k-NN score: both clusters score (1 + cosine) / 2."""
        return 2.0 * float(score) - 1.0

    def configuration_errors(self):
        setting = f"{self.name.upper()}_URL"
        try:
            parts = urlsplit(self.url)
            parts.port  # noqa: B018 — raises ValueError on a port that is not a number
        except ValueError as exc:
            return [f"{setting}={self.url!r} is not a URL ({exc})."]
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return [
                f"{setting}={self.url!r} is not an http(s) URL of the cluster, such as "
                f"{self.default_url}."
            ]
        return []

    # -- connections ----------------------------------------------------------------------

    @property
    def node_errors(self):
        return (*self.client_errors, SearchRefused, NodeUnavailable, ImproperlyConfigured, OSError)

    def is_outage(self, exc):
        """Whether the cluster is unreachable, too slow or failing (as opposed to refusing one
        request): only outages make the engine leave the cluster alone for a while."""
        if isinstance(exc, NodeUnavailable | OSError | ImproperlyConfigured):
            return True
        status = self.http_status(exc)
        return status is None or status >= 500

    def http_status(self, exc):
        """The HTTP status of a failed request or write, None when there was no answer."""
        if isinstance(exc, SearchRefused):
            return exc.status
        errors = getattr(exc, "errors", None)  # the clients' BulkIndexError
        if isinstance(errors, list) and errors:
            statuses = [next(iter(error.values()), {}).get("status", 500) for error in errors]
            return max(int(status) for status in statuses)
        return self.status_of(exc)

    def _client_for(self, timeout):
        client = self._clients.get(timeout)
        if client is None:
            problems = self.configuration_errors()
            if problems:
                raise ImproperlyConfigured(" ".join(problems))
            client = self._clients[timeout] = self.connect(timeout)
        return client

    @property
    def client(self):
        """For writes and index management (``index_timeout``)."""
        return self._client_for(self.index_timeout)

    @property
    def search_client(self):
        """For searches (``timeout``: slower than that, the fallback answers)."""
        return self._client_for(self.timeout)

    @property
    def embedder(self):
        embedder = UsesEmbedder.embedder.fget(self)
        embedded = self.fallback.embedded
        if embedded is not None and embedded._embedder is None:
            embedded._embedder = embedder
        return embedder

    @property
    def sync_key(self):
        return self.fallback.sync_key

    # -- indexing -------------------------------------------------------------------------

    def index(self, passages):
        articles = group_articles(passages)
        if not articles:
            return 0
        if self.fallback.embedded is not None:
            self.fallback.embedded.index(passages)
        try:
            self.fallback.check_usable()
            self.write(articles)
        except self.node_errors as exc:
            self.fallback.queue({(a.namespace, a.parent_id) for a in articles}, exc)
        else:
            self.sync_pending()
        return sum(len(article.passages) for article in articles)

    def delete(self, parent_ids, namespace="site"):
        parent_ids = [str(parent_id) for parent_id in parent_ids]
        if self.fallback.embedded is not None:
            self.fallback.embedded.delete(parent_ids, namespace)
        try:
            self.fallback.check_usable()
            self.delete_articles(namespace, parent_ids)
        except self.node_errors as exc:
            self.fallback.queue({(namespace, parent_id) for parent_id in parent_ids}, exc)

    def delete_namespace(self, namespace):
        if self.fallback.embedded is not None:
            self.fallback.embedded.delete_namespace(namespace)
        try:
            self.drop_indices(self.indices(self.namespace_pattern(namespace)))
        except self.node_errors as exc:
            self.fallback.queue({(namespace, "")}, exc)
        else:
            self.fallback.pending().filter(namespace=namespace).delete()

    def rebuild(self, passages, namespace="site", batch_size=64, progress=None):
        """New indices built beside the live ones replace them in one alias swap."""
        passages = [p for p in passages if p.namespace == namespace]
        embedded = self.fallback.embedded
        try:
            self.rebuild_indices(passages, namespace, batch_size, progress)
        except self.node_errors as exc:
            self.fallback.queue({(namespace, "")}, exc)
            embedded.rebuild(passages, namespace=namespace, batch_size=batch_size)
            raise SearchUnavailable(
                f"The search cluster failed ({exc}). The embedded index was rebuilt and "
                "answers searches; the cluster is rebuilt when it answers again."
            ) from exc
        if embedded is not None:
            # Vectors are all in the embedding cache by now: this only writes tables.
            embedded.rebuild(passages, namespace=namespace, batch_size=batch_size)
        self.fallback.pending().filter(namespace=namespace, parent_id="").delete()

    def sync_pending(self, limit=200):
        """Replay the writes the cluster missed; returns how many were done."""
        return self.fallback.replay(limit)

    # -- searching ------------------------------------------------------------------------

    def search(self, query, language, **kwargs):
        return self.fallback.call(
            lambda: super(ClusterEngine, self).search(query, language, **kwargs),
            lambda: self.fallback.embedded.search(query, language, **kwargs),
        )

    def suggest(self, prefix, language, size=5, namespace="site"):
        return self.fallback.call(
            lambda: self._suggest(prefix, language, size, namespace),
            lambda: self.fallback.embedded.suggest(
                prefix, language, size=size, namespace=namespace
            ),
        )

    def _suggest(self, prefix, language, size, namespace):
        prefix_words = words(clean_query(prefix))[:MAX_QUERY_WORDS]
        language = (language or "").strip().lower()
        if not prefix_words or size <= 0:
            return []
        text = " ".join(prefix_words)
        hits = []
        for misspelt in (False, True):
            body = queries.suggestions(text, size * 3, misspelt=misspelt)
            hits = self._msearch(self.alias(namespace, language), [body])[0]
            if hits:
                break
        return suggestions_of(hits, language, size)

    def _msearch(self, index, bodies):
        return [response["hits"]["hits"] for response in self._responses(index, bodies)]

    def _responses(self, index, bodies):
        lines = []
        for body in bodies:
            lines.append({"index": index, "ignore_unavailable": True, "allow_no_indices": True})
            lines.append(body)
        responses = self.search_client.msearch(body=lines)["responses"]
        for response in responses:
            if "error" in response:
                raise SearchRefused(response)
        return responses

    def _languages(self, namespace):
        prefix = f"{self.prefix}.{safe(namespace)}."
        return {alias[len(prefix) :] for alias in self.alias_indices(namespace)}

    def _rank(self, query, languages, namespace, filters, mode, limit):
        index = ",".join(self.alias(namespace, language) for language in languages)
        clauses = queries.filter_clauses(filters)
        query_words = query.words[:MAX_QUERY_WORDS]
        terms, folded = query_terms(languages, query_words), " ".join(query_words)
        content = [
            (query_terms(languages, [word]), word)
            for word in evidence_words(query.text, languages)[:MAX_QUERY_WORDS]
        ]

        def lexical_bodies(with_passages):
            bodies = [queries.lexical_articles(terms, folded, clauses)]
            if with_passages:  # to show a passage where no dense score picks one
                bodies.append(queries.lexical_passages(terms, folded, clauses))
            return bodies

        lexical = None
        if mode != "dense":
            # The node scores the full text while the model embeds the query here.
            bodies = lexical_bodies(mode == "lexical" or not self._dense_available())
            lexical = self._background().submit(self._msearch, index, bodies)
        vector = self._query_vector(query) if mode != "lexical" else None
        degraded = mode != "lexical" and vector is None
        if degraded and lexical is None:  # dense asked for, but the model is down
            lexical = self._background().submit(self._msearch, index, lexical_bodies(True))
        found = Candidates(self.cosine)
        if lexical is not None:
            articles, *passages = lexical.result()
            found.add_lexical(articles, passages[0] if passages else [])
        dense, dense_min, null = {}, None, 0.0
        if vector is not None:
            # k-NN, and exact dense scores for what full text found, in one request.
            exact = list(found.lexical)
            results = self._msearch(
                index,
                [
                    self._knn(vector, clauses, "passage"),
                    self._knn(vector, clauses, "article"),
                    *self._exact(vector, exact, clauses),
                ],
            )
            found.add_dense(results[0], results[1])
            if exact:
                found.add_dense(results[2], results[3], wanted=set(exact))
            dense = found.dense(self.weights, DENSE_CANDIDATES)
            dense_min = min(dense.values(), default=None)
            null = float(np.asarray(vector) @ self._null())
        ranked, best_relevance, relevance = fused_ranking(
            dense,
            found.lexical,
            self.weights,
            dense_min,
            null,
            self.embedder,
            lambda key: key[0],
            self._answer_floor(query),
            lambda: self._coverage(index, content, found, clauses),
        )
        matches = matcher(query_words, set(languages))

        def make_hits(shown):
            sources = self._sources([found.document_of(key) for key, _score in shown], found.shown)
            return [
                found.hit(key, score, sources[found.document_of(key)], matches, relevance.get(key))
                for key, score in shown
            ]

        return Ranking(
            ranked=ranked[:limit],
            total=len(ranked),
            best_relevance=best_relevance,
            degraded=degraded,
            make_hits=make_hits,
            unknown_words=lambda: self._unknown_words(index, content),
        )

    def _coverage(self, index, content, found, clauses):
        """Which content words of the query the articles full text found hold."""
        keys = sorted(article_key(*key) for key in found.lexical)
        if not content or not keys:
            return found.coverage([], len(content))
        hits = self._msearch(index, [queries.coverage(content, keys, clauses)])[0]
        return found.coverage(hits, len(content))

    def _unknown_words(self, index, content):
        """(Content words of the query no article holds, content words, articles)."""
        if not content:
            return 0, 0, 0
        (response,) = self._responses(index, [queries.holders(content)])
        buckets = response.get("aggregations", {}).get("held", {}).get("buckets", {})
        articles = response["hits"]["total"]
        articles = articles["value"] if isinstance(articles, dict) else articles
        unknown = sum(1 for bucket in buckets.values() if not bucket["doc_count"])
        return unknown, len(content), articles

    def _background(self):
        """Threads that send requests while this one embeds the query."""
        if self._executor is None:
            with _executor_lock:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(
                        max_workers=8, thread_name_prefix=f"{self.name}-search"
                    )
        return self._executor

    def _sources(self, documents, known):
        """{(index, id): source} of the documents shown: ``known`` ones (passages came with
        their text), the others (articles full text found as a whole) in one request."""
        sources = {ref: known[ref] for ref in documents if ref in known}
        docs = [
            {"_index": index, "_id": doc_id, "_source": queries.SHOWN_FIELDS}
            for index, doc_id in dict.fromkeys(documents)
            if (index, doc_id) not in sources
        ]
        if not docs:
            return sources
        found = self.search_client.mget(body={"docs": docs})["docs"]
        sources.update({(doc["_index"], doc["_id"]): doc.get("_source") for doc in found})
        missing = [key for key, source in sources.items() if source is None]
        if missing:  # deleted since the search: the node moved on, so must the page
            raise SearchRefused({"status": 409, "error": f"documents gone: {missing[:5]}"})
        return sources

    def _knn(self, vector, clauses, doc_type):
        size = KNN_PASSAGES if doc_type == "passage" else KNN_ARTICLES
        body = self.knn_body(floats(vector), queries.of_type(doc_type, clauses), size, size)
        # Passages bring what a hit shows: the best of an article is usually among them.
        fields = {"_source": queries.SHOWN_FIELDS} if doc_type == "passage" else queries.KEYS_ONLY
        return {"size": size, **fields, "query": body}

    def _exact(self, vector, keys, clauses):
        """Bodies scoring the given articles' passages (the best of each) and overviews
        exactly: a k-NN search restricted to their documents, with as many candidates as
        it may look at, scores every one of them exactly. So an article full text found
        ranks by the same dense score however few candidates k-NN brings."""
        if not keys:
            return []
        article_keys = sorted({article_key(*key) for key in keys})
        vector = floats(vector)
        bodies = []
        for doc_type in ("passage", "article"):
            restricted = [
                *queries.of_type(doc_type, clauses),
                {"terms": {"article_key": article_keys}},
            ]
            body = {
                "size": min(len(article_keys), EXACT_LIMIT),
                **(
                    {"_source": queries.SHOWN_FIELDS}
                    if doc_type == "passage"
                    else queries.KEYS_ONLY
                ),
                "query": self.knn_body(vector, restricted, EXACT_LIMIT, EXACT_LIMIT),
            }
            if doc_type == "passage":
                body["collapse"] = {"field": "article_key"}  # the best passage of each article
            bodies.append(body)
        return bodies

    # -- state ----------------------------------------------------------------------------

    def health(self):
        state = {
            "engine": self.name,
            "url": _without_credentials(self.url),
            "prefix": self.prefix,
            "cluster": None,
            "fallback": self.fallback.embedded is not None,
            "embedder": None,
            "dense": False,
            "error": None,
        }
        try:
            state["embedder"] = self.embedder.name
            state["dense"] = self._dense_available()
        except Exception as exc:  # noqa: BLE001 — a misconfigured embedder is reported
            state["error"] = str(exc)
        try:
            state["pending_writes"] = self.fallback.pending().count()
        except Exception as exc:  # noqa: BLE001 — reported, not raised
            state["error"] = f"database: {exc}"
        embedded = self.fallback.embedded
        fallback_ok = embedded is not None and embedded.health()["ok"]
        try:
            cluster = self.search_client.cluster.health()
            problems = self._index_problems(state["dense"])
        except self.node_errors as exc:
            status = None if self.is_outage(exc) else self.http_status(exc)
            state["cluster"] = "unreachable" if status is None else "refused"
            state["error"] = _describe(exc, status)
            return {**state, "ok": fallback_ok, "degraded": True, "serving": "embedded fallback"}
        state["cluster"] = cluster.get("status")
        if problems:
            state["error"] = "; ".join(problems)
            state["index_problems"] = problems
        if not self.fallback.usable():
            state["serving"] = "embedded fallback"  # searches failed a moment ago
            state["error"] = state["error"] or self.fallback.last_error
        else:
            state["serving"] = "cluster"
        red = state["cluster"] == "red"
        degraded = not state["dense"] or red or not self.fallback.usable() or bool(problems)
        return {**state, "ok": not (red or problems) or fallback_ok, "degraded": degraded}

    def _index_problems(self, dense):
        """Indices of this prefix whose mapping does not fit this layout or model."""
        try:
            mappings = self.search_client.indices.get_mapping(
                index=f"{self.prefix}.*", ignore_unavailable=True, allow_no_indices=True
            )
        except self.not_found:
            return []
        dimension = self.embedder.dim if dense else None
        aliases = self.search_client.indices.get_alias(
            index=f"{self.prefix}.*", ignore_unavailable=True, allow_no_indices=True
        )
        aliased = sorted(index for index, info in aliases.items() if info.get("aliases"))
        problems = []
        for index in aliased:
            problem = mapping_problem(mappings[index].get("mappings", {}), self, dimension)
            if problem:
                problems.append(
                    f"index {index} {problem}: run manage.py kb_reindex --engine {self.name}"
                )
        return problems


def _without_credentials(url):
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(not a URL)"
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def _describe(exc, status):
    if status in (401, 403):
        return (
            f"the cluster refused the credentials (HTTP {status}): check the user name and "
            "password or the API key"
        )
    return f"{exc.__class__.__name__}: {exc}"[:500]
