"""The embedded engine: articles, terms and vectors stored in the database, scored in process
(BM25 over the terms, exact vector search over the vectors)."""

import functools
import logging
import os
import threading
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from threadpoolctl import threadpool_limits

from ...documents import SearchHit, Suggestion
from ...fusion import DEFAULT_WEIGHTS
from ...models import IndexedDocument, IndexedPassage, IndexGeneration
from ...snippets import highlight, matcher
from ...text import clean_query, evidence_words, stop_words_of, words
from ..base import DENSE_CANDIDATES, Ranking, SearchEngine, article_batches, fused_ranking
from ..embedding import UsesEmbedder
from .fulltext import bm25_ranking, full_text_index
from .indexer import (
    bump_generations,
    embed_articles,
    group_articles,
    stored_passages,
    write_articles,
)
from .pool import Pool

logger = logging.getLogger(__name__)

#: Most query words the full-text side scores.
MAX_QUERY_WORDS = 32
_blas_lock = threading.Lock()
_blas_limited = set()  # process ids


@dataclass
class DenseSide:
    scores: dict = field(default_factory=dict)  # (pool, article) -> dense score
    article_scores: dict = field(default_factory=dict)  # pool -> scores of all its articles
    passage_scores: dict = field(default_factory=dict)  # pool -> scores of all its passages
    minimum: float | None = None  # lowest article score over the pools
    null: float = 0.0  # the query's score against an empty passage
    degraded: bool = False

    def add_scores_of(self, keys):
        """Dense scores for articles found otherwise (full text) but not among the best."""
        for p, i in keys:
            if (p, i) not in self.scores and p in self.article_scores:
                value = self.article_scores[p][i]
                if not np.isnan(value):
                    self.scores[p, i] = float(value)


class EmbeddedSearchEngine(UsesEmbedder, SearchEngine):
    name = "embedded"

    def __init__(self, embedder=None, weights=DEFAULT_WEIGHTS, **options):
        super().__init__(**options)
        self._embedder = embedder
        self.weights = weights
        self._pool_cache = {}
        self._lock = threading.Lock()
        _limit_blas_threads()

    # -- indexing -------------------------------------------------------------------------

    def index(self, passages):
        articles = group_articles(passages)
        if not articles:
            return 0
        embedder = self.embedder if self._dense_available() else None
        passage_vectors, overview_vectors = embed_articles(articles, embedder)
        write_articles(
            articles,
            full_text_index(),
            embedder.name if embedder else "",
            passage_vectors,
            overview_vectors,
        )
        return sum(len(article.passages) for article in articles)

    def delete(self, parent_ids, namespace="site"):
        parent_ids = [str(parent_id) for parent_id in parent_ids]
        with transaction.atomic():
            documents = IndexedDocument.objects.filter(
                namespace=namespace, parent_id__in=parent_ids
            )
            languages = set(documents.values_list("language", flat=True))
            documents.delete()
            bump_generations({(namespace, language) for language in languages})

    def delete_namespace(self, namespace):
        with transaction.atomic():
            documents = IndexedDocument.objects.filter(namespace=namespace)
            languages = set(documents.values_list("language", flat=True))
            documents.delete()
            bump_generations({(namespace, language) for language in languages})

    def rebuild(self, passages, namespace="site", batch_size=64, progress=None):
        """Make ``namespace`` hold exactly ``passages``. Articles stay searchable throughout:
        each is replaced in place, and those no longer present are removed at the end."""
        passages = [p for p in passages if p.namespace == namespace]
        keep = set()
        for done, batch in article_batches(passages, batch_size):
            self.index(batch)
            keep.update((p.language.strip().lower(), str(p.parent_id)) for p in batch)
            if progress:
                progress(done, len(passages))
        stale = [
            (pk, language)
            for pk, language, parent_id in IndexedDocument.objects.filter(
                namespace=namespace
            ).values_list("id", "language", "parent_id")
            if (language, parent_id) not in keep
        ]
        with transaction.atomic():
            IndexedDocument.objects.filter(id__in=[pk for pk, _language in stale]).delete()
            bump_generations({(namespace, language) for _pk, language in stale})

    def embed_missing(self, namespace=None):
        """Embed articles indexed while the model was down (or under another model)."""
        if not self._dense_available():
            return 0
        documents = IndexedDocument.objects.exclude(embedder=self.embedder.name)
        stale_passages = IndexedPassage.objects.exclude(embedder=self.embedder.name)
        if namespace:
            documents = documents.filter(namespace=namespace)
            stale_passages = stale_passages.filter(document__namespace=namespace)
        document_ids = set(documents.values_list("id", flat=True))
        document_ids |= set(stale_passages.values_list("document_id", flat=True))
        count = 0
        for document in IndexedDocument.objects.filter(id__in=document_ids):
            passages = stored_passages(document)
            if passages:
                self.index(passages)
                count += len(passages)
        return count

    # -- searching ------------------------------------------------------------------------

    def suggest(self, prefix, language, size=5, namespace="site"):
        prefix_words = words(clean_query(prefix))
        language = (language or "").strip().lower()
        pools = self._pools(namespace, [language])
        if not prefix_words or not pools or size <= 0:
            return []
        pool = pools[0]
        found = pool.suggest(prefix_words, size * 3)
        if not found:
            corrections = pool.vocabulary.corrections(prefix_words[-1], limit=1)
            if corrections:
                found = pool.suggest(prefix_words[:-1] + corrections, size * 3)
        suggestions, seen = [], set()
        for document, heading, url in found:
            if document in seen:
                continue
            seen.add(document)
            suggestions.append(
                Suggestion(
                    title=pool.titles[document],
                    heading=heading,
                    url=url or pool.urls[document],
                    category=pool.categories[document],
                    language=pool.language,
                    parent_id=pool.parent_ids[document],
                )
            )
        return suggestions[:size]

    def health(self):
        state = {"engine": self.name, "embedder": None, "dense": False, "error": None}
        try:
            state["fulltext"] = full_text_index().name
            state["documents"] = IndexedDocument.objects.count()
            state["passages"] = IndexedPassage.objects.count()
        except Exception as exc:  # noqa: BLE001 — reported, not raised
            return {**state, "ok": False, "degraded": True, "error": f"database: {exc}"}
        try:
            state["embedder"] = self.embedder.name
        except Exception as exc:  # noqa: BLE001 — a misconfigured embedder is reported
            state["error"] = str(exc)
        else:
            state["dense"] = self._dense_available()
            state["error"] = self._embedder_error
            state["passages_without_vectors"] = IndexedPassage.objects.exclude(
                embedder=self.embedder.name
            ).count()
        return {**state, "ok": True, "degraded": not state["dense"]}

    def _index_version(self, namespace):
        return (
            self._dense_available(),
            tuple(
                IndexGeneration.objects.filter(namespace=namespace)
                .order_by("language")
                .values_list("language", "value")
            ),
        )

    def _languages(self, namespace):
        return set(
            IndexedDocument.objects.filter(namespace=namespace)
            .values_list("language", flat=True)
            .distinct()
        )

    def _rank(self, query, languages, namespace, filters, mode, limit):
        pools = [pool for pool in self._pools(namespace, languages) if len(pool)]
        if not pools:
            return Ranking(degraded=mode != "lexical" and not self._dense_available())
        # Full text first, then the query's embedding: full text takes about a millisecond,
        # and the model then has every core to itself. Running both side by side gained
        # nothing in kb_bench and cost a second thread.
        query_words = self._expand(query.words, pools)
        lexical = {}
        if mode != "dense":
            lexical = self._lexical_side(query_words, pools, filters)
        dense = DenseSide()
        if mode != "lexical":
            dense = self._dense_side(query, pools, filters)
            if dense.degraded and mode == "dense":
                lexical = self._lexical_side(query_words, pools, filters)
        dense.add_scores_of(lexical)
        # Which articles hold the query's words: for the cut-off when the model is unsure
        # (coverage, then unknown words), found once.
        holders = functools.cache(lambda: self._holders(query.text, pools))
        ranked, best_relevance, relevance = fused_ranking(
            dense.scores,
            lexical,
            self.weights,
            dense.minimum,
            dense.null,
            self.embedder,
            lambda key: pools[key[0]].language,
            self._answer_floor(query),
            lambda: _coverage(holders(), lexical),
        )
        matches = matcher(query_words, {pool.language for pool in pools})

        def make_hits(shown):
            return [
                self._hit(
                    pools[p], i, score, dense.passage_scores.get(p), matches, relevance.get((p, i))
                )
                for (p, i), score in shown
            ]

        return Ranking(
            ranked=ranked[:limit],
            total=len(ranked),
            best_relevance=best_relevance,
            degraded=dense.degraded,
            make_hits=make_hits,
            unknown_words=lambda: _unknown_words(holders(), pools),
        )

    def _dense_side(self, query, pools, filters):
        """The best articles of each pool by dense score, keyed (pool, article)."""
        vector = self._query_vector(query)
        if vector is None:
            return DenseSide(degraded=True)
        side = DenseSide(null=float(vector @ self._null()))
        lows = []
        for p, pool in enumerate(pools):
            scores, side.passage_scores[p] = pool.dense(vector, self.weights)
            scores = np.where(pool.mask(filters), scores, np.nan)
            side.article_scores[p] = scores
            valid = np.flatnonzero(~np.isnan(scores))
            if len(valid):
                lows.append(float(scores[valid].min()))
                for i in valid[np.argsort(-scores[valid])[:DENSE_CANDIDATES]]:
                    side.scores[p, int(i)] = float(scores[i])
        side.minimum = min(lows, default=None)
        return side

    def _lexical_side(self, query_words, pools, filters):
        """Full-text scores of the matching articles, keyed (pool, article)."""
        terms = full_text_index().query_terms(sorted({p.language for p in pools}), query_words)
        sides = [
            (p, pool.terms, pool.document_ids, pool.mask(filters)) for p, pool in enumerate(pools)
        ]
        return {key: max(score, 1e-9) for key, score in bm25_ranking(sides, terms)}

    # -- helpers --------------------------------------------------------------------------

    def _pools(self, namespace, languages):
        """Current snapshots of the languages, reloaded where their generation moved."""
        generations = dict(
            IndexGeneration.objects.filter(namespace=namespace, language__in=languages).values_list(
                "language", "value"
            )
        )
        embedder_name = self.embedder.name if self._dense_available() else ""
        pools = []
        for language in languages:
            generation = generations.get(language)
            if generation is None:
                continue
            key = (namespace, language)
            pool = self._pool_cache.get(key)
            if pool is None or pool.generation != generation or pool.embedder_name != embedder_name:
                with self._lock:
                    pool = self._pool_cache.get(key)
                    if (
                        pool is None
                        or pool.generation != generation
                        or pool.embedder_name != embedder_name
                    ):
                        pool = Pool.load(namespace, language, generation, embedder_name)
                        pool.embedder_name = embedder_name
                        self._pool_cache[key] = pool
            pools.append(pool)
        return pools

    def _expand(self, query_words, pools):
        """Query words the index knows, with corrections of misspelt ones and completions of
        an unfinished last word."""
        expanded = []
        for position, word in enumerate(dict.fromkeys(query_words)):
            known = [pool for pool in pools if word in pool.vocabulary]
            if known:
                expanded.append(word)
                continue
            found = []
            for pool in pools:
                corrections = pool.vocabulary.corrections(word)
                if not corrections and position == len(query_words) - 1 and len(word) >= 3:
                    corrections = pool.vocabulary.completions(word)
                found.extend(corrections)
            # Neither known nor close to a known word: the full-text side may still match
            # it by its stem ("rucksendungen" → "rucksend").
            expanded.extend(found or [word])
        return list(dict.fromkeys(expanded))[:MAX_QUERY_WORDS]

    def _holders(self, query_text, pools):
        """Per content word of the query (search.text.evidence_words): {pool: documents
        holding it or a correction of it}."""
        languages = sorted({pool.language for pool in pools})
        index = full_text_index()
        wanted = evidence_words(query_text, languages)[:MAX_QUERY_WORDS]
        stop = stop_words_of(languages)
        holders = []
        for word in wanted:
            # Corrections that are stop words ("wein" → "ein") are no evidence.
            alternatives = [w for w in self._expand([word], pools) if w not in stop]
            terms = index.query_terms(languages, alternatives) if alternatives else []
            held = {}
            for p, pool in enumerate(pools):
                documents = set()
                for term in terms:
                    posting = pool.terms.postings.get(term)
                    if posting is not None:
                        documents.update(posting[0].tolist())
                held[p] = documents
            holders.append(held)
        return holders

    def _hit(self, pool, document, score, passage_scores, matches, relevance=None):
        passages = pool.passages_of(document)
        if not passages:
            best = None
        elif passage_scores is not None and np.isfinite(passage_scores[passages.start]):
            best = passages.start + int(np.argmax(passage_scores[passages.start : passages.stop]))
        else:
            counts = [sum(map(matches, words(pool.texts[i]))) for i in passages]
            best = passages.start + int(np.argmax(counts))
        text = pool.texts[best] if best is not None else pool.titles[document]
        return SearchHit(
            parent_id=pool.parent_ids[document],
            passage_id=pool.passage_ids[best] if best is not None else "",
            language=pool.language,
            title=pool.titles[document],
            url=(pool.passage_urls[best] if best is not None else "") or pool.urls[document],
            kind=str(pool.kinds[document]),
            category=pool.categories[document],
            heading=pool.headings[best] if best is not None else "",
            score=round(float(score), 6),
            snippet=highlight(text, matches),
            text=text if best is not None else "",
            relevance=relevance,
        )


def _limit_blas_threads():
    """One BLAS thread per process. A search multiplies one query vector by the passage
    matrix, about a millisecond on one thread at 10,000 passages; more threads only wake up
    to compete for the cores with the model and the database (kb_bench at 10,000 passages:
    p95 103 ms with OpenBLAS on both cores of a 2-core machine, 60 ms on one)."""
    with _blas_lock:
        if os.getpid() not in _blas_limited:
            threadpool_limits(limits=1, user_api="blas")
            _blas_limited.add(os.getpid())


def _coverage(holders, lexical):
    """{article key: (content words of the query it holds, content words)} for the full-text
    matches, from ``_holders`` (a misspelt word counts when the article holds a correction)."""
    return {(p, i): (sum(1 for held in holders if i in held[p]), len(holders)) for p, i in lexical}


def _unknown_words(holders, pools):
    """(Content words of the query no article holds, content words, articles)."""
    unknown = sum(not any(held.values()) for held in holders)
    return unknown, len(holders), sum(len(pool) for pool in pools)
