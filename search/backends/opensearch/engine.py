"""The OpenSearch engine: BM25 and k-NN in a search cluster, fused like the embedded engine.

Layout: one index per namespace and language (``<prefix>.<namespace>.<language>.v<n>``)
behind the alias ``<prefix>.<namespace>.<language>``. Each article is one ``article``
document (title, category, all its text, the vector of its overview) and one ``passage``
document per passage (heading, text, vector). A search sends one multi-search: BM25 over
articles, BM25 over passages (for highlights), k-NN over passages and over article
overviews; articles that only the full-text side found get their dense scores by exact
scoring in a second request. The scores are fused by ``search.fusion`` exactly as the
embedded engine fuses its own.

The embedded engine is kept beside it as a fallback: every write goes to both, and when the
cluster is down or slower than ``OPENSEARCH_TIMEOUT`` a search is answered from the embedded
index. Writes the cluster missed are queued (``PendingSync``) and replayed from the
embedded index once the cluster answers again.
"""

import logging
import time

import numpy as np
from django.utils.safestring import mark_safe

from ...documents import SearchHit, Suggestion
from ...fusion import DEFAULT_WEIGHTS, TITLE_WEIGHT, dense_article_scores
from ...snippets import SNIPPET_MAX_CHARS, highlight
from ...tasks import runs_in_background, sync_search_cluster
from ...text import clean_query, words
from ..base import Ranking, SearchEngine, SearchUnavailable, article_batches, fused_ranking
from ..embedded.engine import EmbeddedSearchEngine, _matcher, _passage_of
from ..embedded.indexer import embed_articles, group_articles
from ..embedding import UsesEmbedder
from .client import connect, option
from .mappings import index_body, safe, vector_mapping

logger = logging.getLogger(__name__)

#: Most query words sent to the cluster.
MAX_QUERY_WORDS = 32
#: Articles taken from the full-text side.
LEXICAL_CANDIDATES = 200
#: Passages and article overviews taken from each k-NN side.
KNN_CANDIDATES = 200
#: Seconds the cluster is left alone after it failed, before it is tried again.
RETRY_SECONDS = 10
#: Seconds between checks for queued writes to replay.
SYNC_CHECK_SECONDS = 10
#: Documents per bulk request.
BULK_SIZE = 500


def _node_errors():
    from opensearchpy.exceptions import ImproperlyConfigured, OpenSearchException

    return (OpenSearchException, ImproperlyConfigured, OSError)


def _is_outage(exc):
    """Whether the cluster is unreachable, too slow or failing (as opposed to refusing one
    request): only outages make the engine leave the cluster alone for a while."""
    from opensearchpy.exceptions import ConnectionError as NodeConnectionError
    from opensearchpy.exceptions import TransportError

    if isinstance(exc, NodeConnectionError | OSError):
        return True
    status = getattr(exc, "status_code", None)
    if isinstance(exc, TransportError) and (not isinstance(status, int) or status >= 500):
        return True
    return False


class OpenSearchEngine(UsesEmbedder, SearchEngine):
    name = "opensearch"

    def __init__(self, embedder=None, weights=DEFAULT_WEIGHTS, fallback=None, **options):
        super().__init__(**options)
        self._embedder = embedder
        self.weights = weights
        self.prefix = safe(option(options, "index_prefix", "helpcenter"))
        self.timeout = float(option(options, "timeout", 2.0))
        self.url = option(options, "url") or ""
        use_fallback = option(options, "fallback", True) if fallback is None else fallback
        self.fallback = EmbeddedSearchEngine(embedder=embedder) if use_fallback else None
        self._client = None
        self._down_until = 0.0
        self._last_error = None
        self._next_sync_check = 0.0
        self._has_vectors = set()  # aliases known to have the vector field

    @property
    def client(self):
        if self._client is None:
            self._client = connect(self.options)
        return self._client

    @property
    def embedder(self):
        embedder = UsesEmbedder.embedder.fget(self)
        if self.fallback is not None and self.fallback._embedder is None:
            self.fallback._embedder = embedder
        return embedder

    @property
    def sync_key(self):
        """Which cluster and prefix the queued writes are for."""
        return f"{self.name}:{self.prefix}"

    # -- names ----------------------------------------------------------------------------

    def alias(self, namespace, language):
        return f"{self.prefix}.{safe(namespace)}.{safe(language)}"

    def _namespace_pattern(self, namespace):
        return f"{self.prefix}.{safe(namespace)}.*"

    # -- indexing -------------------------------------------------------------------------

    def index(self, passages):
        articles = group_articles(passages)
        if not articles:
            return 0
        if self.fallback is not None:
            self.fallback.index(passages)
        try:
            self._check_usable()
            self._write(articles)
        except _node_errors() as exc:
            self._queue({(a.namespace, a.parent_id) for a in articles}, exc)
        else:
            self.sync_pending()
        return sum(len(article.passages) for article in articles)

    def delete(self, parent_ids, namespace="site"):
        parent_ids = [str(parent_id) for parent_id in parent_ids]
        if self.fallback is not None:
            self.fallback.delete(parent_ids, namespace)
        try:
            self._check_usable()
            self._delete_articles(namespace, parent_ids)
        except _node_errors() as exc:
            self._queue({(namespace, parent_id) for parent_id in parent_ids}, exc)

    def delete_namespace(self, namespace):
        if self.fallback is not None:
            self.fallback.delete_namespace(namespace)
        try:
            self._drop_indices(self._indices(self._namespace_pattern(namespace)))
        except _node_errors() as exc:
            self._queue({(namespace, "")}, exc)
        else:
            self._pending().filter(namespace=namespace).delete()

    def rebuild(self, passages, namespace="site", batch_size=64, progress=None):
        """Build new indices beside the live ones, then move the aliases over in one step:
        searches keep answering from the old indices until then."""
        passages = [p for p in passages if p.namespace == namespace]
        try:
            self._rebuild_cluster(passages, namespace, batch_size, progress)
        except _node_errors() as exc:
            self._queue({(namespace, "")}, exc)
            if self.fallback is None:
                raise SearchUnavailable(f"The search cluster failed: {exc}") from exc
            self.fallback.rebuild(passages, namespace=namespace, batch_size=batch_size)
            raise SearchUnavailable(
                f"The search cluster failed ({exc}). The embedded index was rebuilt and "
                "answers searches; the cluster is rebuilt when it answers again."
            ) from exc
        if self.fallback is not None:
            # Vectors are all in the embedding cache by now: this only writes tables.
            self.fallback.rebuild(passages, namespace=namespace, batch_size=batch_size)
        self._pending().filter(namespace=namespace, parent_id="").delete()

    def _rebuild_cluster(self, passages, namespace, batch_size, progress):
        version = time.time_ns()
        created = {}  # alias -> new index
        try:
            for done, batch in article_batches(passages, batch_size):
                articles = group_articles(batch)
                for article in articles:
                    alias = self.alias(namespace, article.language)
                    if alias not in created:
                        created[alias] = f"{alias}.v{version}"
                        self._create_index(created[alias], article.language, bulk=True)
                self._write(articles, targets=created, refresh=False)
                if progress:
                    progress(done, len(passages))
            for index in created.values():
                self.client.indices.put_settings(
                    index=index, body={"index": {"refresh_interval": None}}
                )
                self.client.indices.refresh(index=index)
            self._swap_aliases(namespace, created)
        except BaseException:
            self._drop_indices(list(created.values()), quiet=True)
            raise
        if progress and not passages:
            progress(0, 0)

    def _swap_aliases(self, namespace, created):
        """Point every alias of the namespace at its new index (or remove it when its
        language has no articles any more), atomically; then drop the old indices."""
        current = self._alias_indices(namespace)
        everything = set(self._indices(self._namespace_pattern(namespace)))
        actions, previous = [], set()
        for alias, indices in current.items():
            for index in indices:
                actions.append({"remove": {"index": index, "alias": alias}})
                previous.add(index)
        for alias, index in created.items():
            actions.append({"add": {"index": index, "alias": alias}})
        if actions:
            self.client.indices.update_aliases(body={"actions": actions})
        self._has_vectors.difference_update(current)
        # The indices just replaced stay until the next rebuild, so that searches still
        # running on them finish; the generation before them goes now.
        self._drop_indices(sorted(everything - previous - set(created.values())), quiet=True)

    def _write(self, articles, targets=None, refresh=True):
        """Index the articles' documents; with ``targets`` (alias -> index) into those new
        indices, else into the live ones, replacing each article's old passages."""
        from opensearchpy.helpers import bulk

        embedder = self.embedder if self._dense_available() else None
        passage_vectors, overview_vectors = embed_articles(articles, embedder)
        embedder_name = embedder.name if passage_vectors is not None else ""
        actions, replaced, position, ready = [], {}, 0, set()
        for number, article in enumerate(articles):
            alias = self.alias(article.namespace, article.language)
            if targets is not None:
                index = targets[alias]
            else:
                index = alias
                if alias not in ready:
                    self._ensure_index(alias, article.language)
                    ready.add(alias)
            if passage_vectors is not None:
                self._ensure_vectors(index if targets is None else None, alias)
            first = article.first
            common = {
                "article_key": f"{article.language}:{article.parent_id}",
                "namespace": article.namespace,
                "language": article.language,
                "parent_id": article.parent_id,
                "kind": str(first.kind or ""),
                "category_id": str(first.category_id or ""),
                "live": bool(first.live),
                "title": first.title,
                "category": first.category,
                "embedder": embedder_name,
            }
            document = {
                **common,
                "doc_type": "article",
                "url": first.url,
                "body": article.body,
                "suggest": first.title,
            }
            if overview_vectors is not None:
                document["vector"] = _floats(overview_vectors[number])
            actions.append({"_index": index, "_id": f"a:{article.parent_id}", "_source": document})
            ids = [f"a:{article.parent_id}"]
            for order, passage in enumerate(article.passages):
                document = {
                    **common,
                    "doc_type": "passage",
                    "passage_id": str(passage.id),
                    "position": order,
                    "heading": passage.heading,
                    "text": passage.text,
                    "url": passage.url or first.url,
                }
                if passage.heading:
                    document["suggest"] = passage.heading
                if passage_vectors is not None:
                    document["vector"] = _floats(passage_vectors[position])
                position += 1
                ids.append(f"p:{passage.id}")
                actions.append({"_index": index, "_id": ids[-1], "_source": document})
            replaced.setdefault(index, []).append((article.parent_id, ids))
        # Live writes name the alias and must never create an index without our mapping.
        extra = {"require_alias": True} if targets is None else {}
        for start in range(0, len(actions), BULK_SIZE):
            bulk(
                self.client,
                actions[start : start + BULK_SIZE],
                refresh=refresh,
                request_timeout=float(option(self.options, "index_timeout", 30)),
                **extra,
            )
        if targets is None:
            for index, items in replaced.items():
                self._delete_stale_passages(index, items)

    def _delete_stale_passages(self, index, items):
        """Remove passages an article no longer has (after its new ones are in)."""
        should = [
            {
                "bool": {
                    "filter": [{"term": {"parent_id": parent_id}}],
                    "must_not": [{"ids": {"values": ids}}],
                }
            }
            for parent_id, ids in items
        ]
        self.client.delete_by_query(
            index=index,
            body={"query": {"bool": {"should": should, "minimum_should_match": 1}}},
            refresh=True,
            conflicts="proceed",
        )

    def _delete_articles(self, namespace, parent_ids):
        if not parent_ids:
            return
        self.client.delete_by_query(
            index=self._namespace_pattern(namespace),
            body={"query": {"terms": {"parent_id": parent_ids}}},
            refresh=True,
            conflicts="proceed",
            ignore_unavailable=True,
            allow_no_indices=True,
        )

    def _ensure_index(self, alias, language):
        if self.client.indices.exists_alias(name=alias):
            return
        from opensearchpy.exceptions import RequestError

        try:
            self._create_index(f"{alias}.v0", language, alias=alias)
        except RequestError as exc:  # another process created it first, or lost its alias
            if "already_exists" not in str(exc):
                raise
            if not self.client.indices.exists_alias(name=alias):
                self.client.indices.put_alias(index=f"{alias}.v0", name=alias)

    def _create_index(self, index, language, alias=None, bulk=False):
        dimension = self.embedder.dim if self._dense_available() else None
        body = index_body(
            language,
            dimension,
            shards=int(option(self.options, "shards", 1)),
            replicas=int(option(self.options, "replicas", 0)),
        )
        if bulk:
            body["settings"]["index"]["refresh_interval"] = "-1"
        if alias:
            body["aliases"] = {alias: {}}
        self.client.indices.create(index=index, body=body)
        if dimension:
            self._has_vectors.add(alias or index)

    def _ensure_vectors(self, index, alias):
        """Add the vector field to an index made while the model was down."""
        if alias in self._has_vectors or index is None:
            return
        self.client.indices.put_mapping(
            index=index, body={"properties": {"vector": vector_mapping(self.embedder.dim)}}
        )
        self._has_vectors.add(alias)

    def _indices(self, pattern):
        found = self.client.indices.get(
            index=pattern, ignore_unavailable=True, allow_no_indices=True
        )
        return sorted(found)

    def _alias_indices(self, namespace):
        """{alias: [indices]} of the namespace's aliases."""
        from opensearchpy.exceptions import NotFoundError

        try:
            found = self.client.indices.get_alias(
                index=self._namespace_pattern(namespace), request_timeout=self.timeout
            )
        except NotFoundError:
            return {}
        aliases = {}
        for index, info in found.items():
            for alias in info.get("aliases", {}):
                aliases.setdefault(alias, []).append(index)
        return aliases

    def _drop_indices(self, indices, quiet=False):
        for start in range(0, len(indices), 50):
            try:
                self.client.indices.delete(
                    index=",".join(indices[start : start + 50]), ignore_unavailable=True
                )
            except _node_errors():
                if not quiet:
                    raise
                logger.warning("Could not delete indices %s", indices, exc_info=True)

    # -- queued writes --------------------------------------------------------------------

    def _pending(self):
        from ...models import PendingSync

        return PendingSync.objects.filter(engine=self.sync_key)

    def _queue(self, keys, exc):
        """Remember writes the cluster missed (articles, or ``""`` for a whole namespace)."""
        from ...models import PendingSync

        self._failed(exc)
        if self.fallback is None:
            raise SearchUnavailable(f"The search cluster failed: {exc}") from exc
        logger.warning("Search cluster write failed, queued for later: %s", exc)
        for namespace, parent_id in sorted(keys):
            PendingSync.objects.update_or_create(
                engine=self.sync_key,
                namespace=namespace,
                parent_id=parent_id,
                defaults={"last_error": str(exc)[:2000]},
            )

    def sync_pending(self, limit=200):
        """Replay queued writes from the embedded index; returns how many were done."""
        if self.fallback is None or not self._usable():
            return 0
        from django.utils import timezone

        done = 0
        for row in list(self._pending().order_by("queued_at")[:limit]):
            try:
                self._replay(row)
            except _node_errors() as exc:
                # To the back of the queue: one write the cluster refuses must not hold up
                # the others. After an outage, stop and try again later.
                self._pending().filter(pk=row.pk).update(
                    attempts=row.attempts + 1,
                    last_error=str(exc)[:2000],
                    queued_at=timezone.now(),
                )
                self._failed(exc)
                if _is_outage(exc):
                    break
                continue
            # Not if the same write was queued again meanwhile (its queued_at moved).
            self._pending().filter(pk=row.pk, queued_at=row.queued_at).delete()
            done += 1
        return done

    def _replay(self, row):
        from ...models import IndexedDocument

        documents = IndexedDocument.objects.filter(namespace=row.namespace)
        if row.parent_id:
            documents = documents.filter(parent_id=row.parent_id)
        passages = []
        for document in documents.order_by("language", "parent_id"):
            passages.extend(
                _passage_of(document, passage) for passage in document.passages.order_by("position")
            )
        if row.parent_id:
            self._delete_articles(row.namespace, [row.parent_id])
            if passages:
                self._write(group_articles(passages))
        else:
            self._rebuild_cluster(passages, row.namespace, 256, None)

    def _maybe_sync(self):
        now = time.monotonic()
        if self.fallback is None or now < self._next_sync_check:
            return
        self._next_sync_check = now + SYNC_CHECK_SECONDS
        if self._pending().exists():
            if not runs_in_background(sync_search_cluster):
                return  # not inside a shopper's request: index() and kb_reindex replay

            try:
                sync_search_cluster.enqueue(self.name)
            except Exception:  # noqa: BLE001 — retried at the next check
                logger.warning("Could not queue the search cluster sync", exc_info=True)

    # -- faults ---------------------------------------------------------------------------

    def _usable(self):
        return time.monotonic() >= self._down_until

    def _check_usable(self):
        if not self._usable():
            from opensearchpy.exceptions import ConnectionError as NodeConnectionError

            raise NodeConnectionError("N/A", "left alone after a failure", self._last_error)

    def _failed(self, exc):
        self._last_error = f"{exc.__class__.__name__}: {exc}"[:500]
        if _is_outage(exc):
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("Search cluster unavailable: %s", self._last_error)
        else:
            logger.error("Search cluster refused a request: %s", self._last_error)

    def _answered(self):
        self._down_until = 0.0
        self._last_error = None

    def _with_fallback(self, cluster_call, fallback_call):
        if self._usable():
            try:
                result = cluster_call()
            except _node_errors() as exc:
                self._failed(exc)
            else:
                self._answered()
                self._maybe_sync()
                return result
        if self.fallback is None:
            raise SearchUnavailable(self._last_error or "The search cluster is unavailable.")
        return fallback_call()

    # -- searching ------------------------------------------------------------------------

    def search(self, query, language, **kwargs):
        return self._with_fallback(
            lambda: super(OpenSearchEngine, self).search(query, language, **kwargs),
            lambda: self.fallback.search(query, language, **kwargs),
        )

    def suggest(self, prefix, language, size=5, namespace="site"):
        return self._with_fallback(
            lambda: self._suggest(prefix, language, size, namespace),
            lambda: self.fallback.suggest(prefix, language, size=size, namespace=namespace),
        )

    def _suggest(self, prefix, language, size, namespace):
        prefix_words = words(clean_query(prefix))[:MAX_QUERY_WORDS]
        language = (language or "").strip().lower()
        if not prefix_words or size <= 0:
            return []
        text = " ".join(prefix_words)
        completing = {
            "multi_match": {
                "query": text,
                "type": "bool_prefix",
                "fields": ["suggest", "suggest._2gram", "suggest._3gram"],
                "operator": "and",
            }
        }
        misspelt = {"match": {"suggest": {"query": text, "operator": "and", "fuzziness": "AUTO"}}}
        for query in (completing, misspelt):
            hits = self._request(
                self.alias(namespace, language),
                {
                    "size": size * 3,
                    "query": {
                        "bool": {
                            "filter": [{"term": {"live": True}}, {"exists": {"field": "suggest"}}],
                            "must": [query],
                        }
                    },
                    "_source": [
                        "doc_type",
                        "parent_id",
                        "title",
                        "heading",
                        "url",
                        "category",
                        "language",
                    ],
                },  # fmt: skip
            )["hits"]["hits"]
            if hits:
                break
        # Titles before headings, then by score; one suggestion per article.
        hits.sort(key=lambda hit: (hit["_source"]["doc_type"] != "article", -hit["_score"]))
        suggestions, seen = [], set()
        for hit in hits:
            source = hit["_source"]
            if source["parent_id"] in seen:
                continue
            seen.add(source["parent_id"])
            suggestions.append(
                Suggestion(
                    title=source["title"],
                    heading=source.get("heading", "") if source["doc_type"] == "passage" else "",
                    url=source.get("url", ""),
                    category=source.get("category", ""),
                    language=source.get("language", language),
                    parent_id=source["parent_id"],
                )
            )
        return suggestions[:size]

    def _request(self, index, body):
        return self.client.search(
            index=index,
            body=body,
            request_timeout=self.timeout,
            ignore_unavailable=True,
            allow_no_indices=True,
        )

    def _msearch(self, index, bodies):
        lines = []
        for body in bodies:
            lines.append({"index": index, "ignore_unavailable": True, "allow_no_indices": True})
            lines.append(body)
        responses = self.client.msearch(body=lines, request_timeout=self.timeout)["responses"]
        for response in responses:
            if "error" in response:
                from opensearchpy.exceptions import TransportError

                raise TransportError(response.get("status", 500), "search_failed", response)
        return [response["hits"]["hits"] for response in responses]

    def _languages(self, namespace):
        prefix = f"{self.prefix}.{safe(namespace)}."
        return {alias[len(prefix) :] for alias in self._alias_indices(namespace)}

    def _rank(self, query, languages, namespace, filters, mode, limit):
        index = ",".join(self.alias(namespace, language) for language in languages)
        clauses = _filter_clauses(filters)
        vector = self._query_vector(query) if mode != "lexical" else None
        degraded = mode != "lexical" and vector is None
        text = " ".join(query.words[:MAX_QUERY_WORDS])
        bodies, lexical_wanted = [], mode != "dense" or degraded
        if lexical_wanted:
            bodies += [_lexical_articles(text, clauses), _lexical_passages(text, clauses)]
        if vector is not None:
            bodies += [
                _knn(vector, clauses, "passage", PASSAGE_FIELDS),
                _knn(vector, clauses, "article", ARTICLE_FIELDS),
            ]
        results = self._msearch(index, bodies)
        lexical_articles = lexical_passages = dense_passages = dense_articles = []
        if lexical_wanted:
            lexical_articles, lexical_passages = results[0], results[1]
        if vector is not None:
            dense_passages, dense_articles = results[-2], results[-1]

        articles = {}  # key -> source of any document of the article
        lexical = {}
        for hit in lexical_articles:
            key = _key(hit)
            lexical[key] = max(float(hit["_score"]), 1e-9)
            articles.setdefault(key, hit["_source"])
        highlighted = {}  # key -> best passage hit by BM25 (with its highlight)
        for hit in lexical_passages:
            highlighted.setdefault(_key(hit), hit)
            articles.setdefault(_key(hit), hit["_source"])

        best_passage, overview = {}, {}
        for hit in dense_passages:
            key = _key(hit)
            if key not in best_passage:
                best_passage[key] = (_cosine(hit["_score"]), hit)
            articles.setdefault(key, hit["_source"])
        for hit in dense_articles:
            overview.setdefault(_key(hit), _cosine(hit["_score"]))
            articles.setdefault(_key(hit), hit["_source"])
        if vector is not None:
            found = [*lexical, *overview, *best_passage]
            self._score_exactly(
                index, vector, [k for k in found if k not in best_passage or k not in overview],
                clauses, best_passage, overview,
            )  # fmt: skip

        dense, dense_min, null = {}, None, 0.0
        if vector is not None:
            keys = list(dict.fromkeys([*best_passage, *overview]))
            low = min((cos for cos, _hit in best_passage.values()), default=np.nan)
            passage_cos = [best_passage[k][0] if k in best_passage else low for k in keys]
            overview_cos = [overview.get(k, np.nan) for k in keys]
            scores = dense_article_scores(passage_cos, overview_cos, self.weights)
            dense = {k: float(s) for k, s in zip(keys, scores, strict=True) if not np.isnan(s)}
            dense_min = min(dense.values(), default=None)
            null = float(np.asarray(vector) @ self._null())
        ranked, best_relevance = fused_ranking(
            dense, lexical, self.weights, dense_min, null, self.embedder
        )
        matcher = _matcher(query.words[:MAX_QUERY_WORDS], set(languages))
        hits = [
            self._hit(
                key, score, articles[key], best_passage.get(key), highlighted.get(key), matcher
            )
            for key, score in ranked[:limit]
        ]
        return Ranking(
            hits=hits, total=len(ranked), best_relevance=best_relevance, degraded=degraded
        )

    def _score_exactly(self, index, vector, keys, clauses, best_passage, overview):
        """Exact dense scores for candidate articles that one k-NN side missed."""
        if not keys:
            return
        article_keys = sorted({f"{language}:{parent_id}" for language, parent_id in keys})
        wanted = set(keys)
        bodies = [
            _exact(vector, clauses, "passage", article_keys, PASSAGE_FIELDS),
            _exact(vector, clauses, "article", article_keys, ARTICLE_FIELDS),
        ]
        passages, overviews = self._msearch(index, bodies)
        for hit in passages:
            key = _key(hit)
            if key in wanted and key not in best_passage:
                best_passage[key] = (_cosine(hit["_score"]), hit)
        for hit in overviews:
            key = _key(hit)
            if key in wanted:
                overview.setdefault(key, _cosine(hit["_score"]))

    def _hit(self, key, score, article, dense_best, lexical_best, matcher):
        passage = dense_best[1] if dense_best else lexical_best
        source = passage["_source"] if passage else article
        snippet = None
        if passage is not None and lexical_best is not None:
            if lexical_best["_id"] == passage["_id"]:
                snippet = _snippet_of(lexical_best)
        if snippet is None:
            snippet = highlight(source.get("text") or article.get("title", ""), matcher)
        return SearchHit(
            parent_id=article["parent_id"],
            passage_id=source.get("passage_id", ""),
            language=article["language"],
            title=article["title"],
            url=source.get("url") or article.get("url", ""),
            kind=str(article.get("kind", "")),
            category=article.get("category", ""),
            heading=source.get("heading", ""),
            score=round(float(score), 6),
            snippet=snippet,
        )

    # -- state ----------------------------------------------------------------------------

    def health(self):
        state = {
            "engine": self.name,
            "prefix": self.prefix,
            "cluster": None,
            "fallback": self.fallback is not None,
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
            state["pending_writes"] = self._pending().count()
        except Exception as exc:  # noqa: BLE001 — reported, not raised
            state["error"] = f"database: {exc}"
        fallback_ok = self.fallback is not None and self.fallback.health()["ok"]
        try:
            cluster = self.client.cluster.health(request_timeout=self.timeout)
        except _node_errors() as exc:
            state["cluster"] = "unreachable"
            state["error"] = f"{exc.__class__.__name__}: {exc}"[:500]
            return {**state, "ok": fallback_ok, "degraded": True, "serving": "embedded fallback"}
        state["cluster"] = cluster.get("status")
        if not self._usable():
            state["serving"] = "embedded fallback"  # searches failed a moment ago
            state["error"] = self._last_error
        else:
            state["serving"] = "cluster"
        red = state["cluster"] == "red"
        degraded = not state["dense"] or red or not self._usable()
        return {**state, "ok": not red or fallback_ok, "degraded": degraded}


# -- query bodies -------------------------------------------------------------------------

PASSAGE_FIELDS = [
    "doc_type", "namespace", "language", "parent_id", "passage_id", "heading", "text", "url",
    "title", "category", "kind",
]  # fmt: skip
ARTICLE_FIELDS = ["doc_type", "language", "parent_id", "title", "category", "kind", "url"]


def _filter_clauses(filters):
    clauses = []
    if filters.get("live") is not None:
        clauses.append({"term": {"live": bool(filters["live"])}})
    for name in ("kind", "category_id"):
        if name in filters:
            clauses.append({"terms": {name: sorted(filters[name])}})
    return clauses


def _of_type(doc_type, clauses):
    return [{"term": {"doc_type": doc_type}}, *clauses]


def _lexical_articles(text, clauses):
    """BM25 over whole articles, the title counting twice; misspelt words match too."""
    title = f"^{TITLE_WEIGHT:g}"  # as in the embedded engine's full-text scores
    fields = [f"title{title}", f"title.folded{title}", "body", "body.folded"]
    return {
        "size": LEXICAL_CANDIDATES,
        "_source": ARTICLE_FIELDS,
        "query": {
            "bool": {
                "filter": _of_type("article", clauses),
                "should": [
                    {"multi_match": {"query": text, "type": "most_fields", "fields": fields}},
                    {
                        "multi_match": {
                            "query": text,
                            "type": "most_fields",
                            "fields": [f"title.folded{title}", "body.folded"],
                            "fuzziness": "AUTO",
                            "prefix_length": 1,
                            "max_expansions": 20,
                            "boost": 0.5,
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        },
    }


def _lexical_passages(text, clauses):
    """The passages that match best, with their highlighted snippets."""
    return {
        "size": LEXICAL_CANDIDATES,
        "_source": PASSAGE_FIELDS,
        "query": {
            "bool": {
                "filter": _of_type("passage", clauses),
                "must": {
                    "multi_match": {
                        "query": text,
                        "type": "most_fields",
                        "fields": ["heading", "heading.folded", "text", "text.folded"],
                        "fuzziness": "AUTO",
                        "prefix_length": 1,
                        "max_expansions": 20,
                    }
                },
            }
        },
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                "text": {
                    "fragment_size": SNIPPET_MAX_CHARS,
                    "number_of_fragments": 1,
                    "no_match_size": SNIPPET_MAX_CHARS,
                },
            },
        },
    }


def _knn(vector, clauses, doc_type, fields):
    return {
        "size": KNN_CANDIDATES,
        "_source": fields,
        "query": {
            "knn": {
                "vector": {
                    "vector": _floats(vector),
                    "k": KNN_CANDIDATES,
                    "filter": {"bool": {"filter": _of_type(doc_type, clauses)}},
                }
            }
        },
    }


def _exact(vector, clauses, doc_type, article_keys, fields):
    """Exact cosine scores of the given articles' documents (best passage per article)."""
    body = {
        "size": min(len(article_keys), 10_000),
        "_source": fields,
        "query": {
            "script_score": {
                "query": {
                    "bool": {
                        "filter": [
                            *_of_type(doc_type, clauses),
                            {"terms": {"article_key": article_keys}},
                            {"exists": {"field": "vector"}},
                        ]
                    }
                },
                "script": {
                    "source": "knn_score",
                    "lang": "knn",
                    "params": {
                        "field": "vector",
                        "query_value": _floats(vector),
                        "space_type": "cosinesimil",
                    },
                },
            }
        },
    }
    if doc_type == "passage":
        body["collapse"] = {"field": "article_key"}  # the best passage of each article
    return body


def _key(hit):
    source = hit["_source"]
    return (source["language"], source["parent_id"])


def _cosine(score):
    """OpenSearch's cosine-space score is (1 + cosine) / 2."""
    return 2.0 * float(score) - 1.0


def _floats(vector):
    return [float(x) for x in np.asarray(vector, dtype=np.float32)]


def _snippet_of(hit):
    fragments = hit.get("highlight", {}).get("text")
    if not fragments:
        return None
    fragment = fragments[0]
    text = hit["_source"].get("text", "")
    plain = fragment.replace("<mark>", "").replace("</mark>", "")
    from html import unescape

    plain = unescape(plain)
    start = text.find(plain[:40])
    before = "…" if start > 0 else ""
    after = "…" if start < 0 or start + len(plain) < len(text) else ""
    return mark_safe(f"{before}{fragment}{after}")
