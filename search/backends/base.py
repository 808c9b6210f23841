"""The ``SearchEngine`` base class: what every engine offers and what each one implements.

The public methods clean the input, time the search and fall back to other languages;
engines override the hook methods (``_rank``, ``_languages``, ``index``, ``delete``, …).
"""

import time
from dataclasses import dataclass, field

from ..documents import SearchResults
from ..fusion import fuse
from ..text import clean_query, words

MODES = ("hybrid", "lexical", "dense")
MAX_SIZE = 100
MAX_OFFSET = 10_000
FILTERS = ("category_id", "kind", "live")


class SearchUnavailable(RuntimeError):
    """The engine cannot answer or write now (a search cluster is down, say)."""


@dataclass
class Query:
    """A cleaned query; engines keep what they derive from it (its vector) here."""

    text: str
    words: list = field(default_factory=list)
    vector: object = None
    vector_cache: str = ""  # "hit" or "miss" once the vector is known (search.query_vectors)
    embed_ms: float = 0.0  # time spent getting the vector, from the cache or the model

    @classmethod
    def parse(cls, raw):
        text = clean_query(raw)
        return cls(text=text, words=words(text))


@dataclass
class Ranking:
    """What ``_rank`` returns for one pool of languages."""

    hits: list = field(default_factory=list)  # the first ``limit`` hits, best first
    total: int = 0
    best_relevance: float | None = None  # dense evidence of the best hit; None without dense
    degraded: bool = False


class SearchEngine:
    name = "base"

    def __init__(self, **options):
        self.options = options

    # -- indexing -------------------------------------------------------------------------

    def index(self, passages):
        """Add or replace passages. Every (namespace, language, parent) present in
        ``passages`` is replaced as a whole: its passages not in the batch are removed."""
        raise NotImplementedError

    def delete(self, parent_ids, namespace="site"):
        """Remove articles, in every language."""
        raise NotImplementedError

    def delete_namespace(self, namespace):
        raise NotImplementedError

    def rebuild(self, passages, namespace="site", batch_size=64, progress=None):
        """Make ``namespace`` hold exactly ``passages``, indexing whole articles in batches
        of about ``batch_size`` passages; ``progress(done, total)`` after each batch."""
        passages = [p for p in passages if p.namespace == namespace]
        self.delete_namespace(namespace)
        for done, batch in article_batches(passages, batch_size):
            self.index(batch)
            if progress:
                progress(done, len(passages))

    # -- searching ------------------------------------------------------------------------

    def search(
        self,
        query,
        language,
        filters=None,
        size=10,
        offset=0,
        namespace="site",
        fallback=True,
        mode="hybrid",
    ):
        """Articles for ``query`` in ``language``, best first; other languages' articles
        (``fallback=True`` on the results) when the language has no good answer."""
        started = time.perf_counter()
        if mode not in MODES:
            raise ValueError(f"Unknown search mode {mode!r}: use one of {', '.join(MODES)}.")
        filters = normalize_filters(filters)
        size = max(0, min(int(size), MAX_SIZE))
        offset = max(0, min(int(offset), MAX_OFFSET))
        language = (language or "").strip().lower()
        parsed = Query.parse(query)
        if not parsed.words or size == 0:
            return SearchResults(took_ms=_ms(started), degraded=not self._dense_available())
        limit = offset + size
        ranking = self._rank(parsed, [language], namespace, filters, mode, limit)
        used_fallback = False
        if fallback and self._weak(ranking):
            others = sorted(self._languages(namespace) - {language})
            if others:
                other = self._rank(parsed, others, namespace, filters, mode, limit)
                if self._better(other, ranking):
                    ranking, used_fallback = other, True
        return SearchResults(
            hits=ranking.hits[offset:limit],
            total=ranking.total,
            took_ms=_ms(started),
            fallback=used_fallback,
            degraded=ranking.degraded,
            query_vector=parsed.vector_cache,
            embed_ms=parsed.embed_ms,
        )

    def suggest(self, prefix, language, size=5, namespace="site"):
        """Titles and section headings that complete what the shopper is typing."""
        raise NotImplementedError

    def health(self):
        """State for operators: ``{"ok": bool, "degraded": bool, ...}``."""
        raise NotImplementedError

    def configuration_errors(self):
        """What is wrong with the engine's options, as messages for ``manage.py check``."""
        return []

    # -- hooks ----------------------------------------------------------------------------

    def _rank(self, query, languages, namespace, filters, mode, limit):
        """Rank the articles of ``languages`` in ``namespace``; returns a ``Ranking``."""
        raise NotImplementedError

    def _languages(self, namespace):
        """Languages that have articles in ``namespace``."""
        raise NotImplementedError

    def _dense_available(self):
        return True

    def _weak_answer(self):
        """Best relevance under which an answer counts as weak."""
        return 0.0

    def _weak(self, ranking):
        if not ranking.hits:
            return True
        if ranking.best_relevance is None:
            return False
        return ranking.best_relevance < self._weak_answer()

    def _better(self, other, ranking):
        if not other.hits:
            return False
        if not ranking.hits:
            return True
        if other.best_relevance is None or ranking.best_relevance is None:
            return False
        return other.best_relevance > ranking.best_relevance


def article_batches(passages, batch_size):
    """(passages done, batch) with every article's passages in the same batch."""
    articles = {}
    for passage in passages:
        key = (passage.namespace, passage.language, str(passage.parent_id))
        articles.setdefault(key, []).append(passage)
    batch, done = [], 0
    for article in articles.values():
        batch.extend(article)
        if len(batch) >= batch_size:
            done += len(batch)
            yield done, batch
            batch = []
    if batch:
        yield done + len(batch), batch


def normalize_filters(filters):
    """``{"category_id": {...}, "kind": {...}, "live": True|False|None}`` from what callers pass.

    ``live`` defaults to True: shoppers only see live articles.
    """
    filters = dict(filters or {})
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise ValueError(
            f"Unknown search filter {', '.join(map(repr, unknown))}: use {', '.join(FILTERS)}."
        )
    normalized = {"live": filters.get("live", True)}
    for name in ("category_id", "kind"):
        value = filters.get(name)
        if value is None or value == "":
            continue
        values = [value] if isinstance(value, str | int) else list(value)
        normalized[name] = {str(v) for v in values}
    return normalized


def _ms(started):
    return (time.perf_counter() - started) * 1000


def fused_ranking(dense, lexical, weights, dense_min, null, embedder):
    """``([(key, score), ...] best first, best relevance)`` from the dense and full-text
    scores of the articles, as every engine ranks them (see search.fusion).

    Relevance is an article's dense score above ``null`` (the query against an empty
    passage). An article only the dense side found is an answer when the best relevance
    clears the model's ``answer_floor`` and its own is within ``answer_window`` of the best;
    full-text matches always are. The best relevance is None without dense scores.
    """
    relevance = {key: score - null for key, score in dense.items()}
    best = max(relevance.values(), default=None)
    if best is None or best < embedder.answer_floor:
        floor = float("inf")
    else:
        floor = best - embedder.answer_window
    ranked = [
        (key, score)
        for key, score in fuse(dense, lexical, weights, dense_min)
        if key in lexical or relevance.get(key, -1.0) >= floor
    ]
    best_relevance = max((relevance.get(key, -1.0) for key, _score in ranked), default=None)
    return ranked, best_relevance if relevance else None
