"""Content gaps: queries with poor results, grouped by meaning.

The distinct normalised queries with poor results (at most ``MAX_QUERIES``, most poor
searches first) are embedded with the search embedder and grouped greedily, per language:
each query, most frequent first, joins the group whose first query (its label) is most
similar, if

- the cosine similarity is at least ``SIMILAR`` (same meaning in other words: "how do i
  return" and "return label"), or
- it is at least ``SIMILAR_SPELLING`` and the two share ``SHARED_TRIGRAMS`` of their letter
  trigrams (the same words with a typo: "retrun label");

otherwise it starts a group of its own. Measured on the demo query set in four languages,
these settings keep 98 % of misspelt pairs together and merge 0.6 % of pairs on different
topics ("password reset" stays apart from "return label").

Query vectors are kept in the embedding cache (by hash; the text is not stored there), so
each query is embedded once, and deleted with the roll-ups' query texts after
``RETENTION_SEARCH_DAYS``. A page never waits for the model when a task worker runs: new
queries are embedded by a background task and shown ungrouped until then. Without a worker
(tasks run inside the request), a page embeds at most ``EMBED_PER_REQUEST`` new queries.
The daily roll-up (``kb_insights_rollup``) embeds the last 30 days' queries in advance.
"""

import datetime
import logging
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from search.embedders import EmbedderUnavailable, get_embedder
from search.embedding_cache import CachedEmbedder, from_bytes, text_hash
from search.models import EmbeddingCache
from search.tasks import runs_in_background

from . import rollups, searches
from .periods import Period, languages

logger = logging.getLogger(__name__)

MAX_QUERIES = 2000
EMBED_PER_REQUEST = 8
SIMILAR = 0.9
SIMILAR_SPELLING = 0.8
SHARED_TRIGRAMS = 0.4
EXAMPLES = 3


@dataclass
class Gap:
    language: str
    label: str
    poor_searches: int = 0
    zero_result_searches: int = 0
    unclicked_page_searches: int = 0
    searches: int = 0
    queries: list = field(default_factory=list)  # [(query, poor searches)], most first

    @property
    def examples(self):
        """Up to three other queries of the group, most frequent first, preferring those
        that say more than the label with a word added."""
        others = [query for query, _count in self.queries[1:]]
        different = [query for query in others if self.label not in query]
        return (different + [query for query in others if query not in different])[:EXAMPLES]

    def add(self, row):
        self.queries.append((row["normalized_query"], row["poor_searches"]))
        self.poor_searches += row["poor_searches"]
        self.zero_result_searches += row["zero_result_searches"]
        self.unclicked_page_searches += row["unclicked_page_searches"]
        self.searches += row["searches"]


@dataclass
class GapReport:
    gaps: list
    queries: int  # distinct queries grouped
    ungrouped: int  # queries without a vector yet, each shown on its own
    truncated: bool  # more queries had poor results than were grouped
    embedder_available: bool = True


def trigrams(text):
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def shared_trigrams(a, b):
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _embedder():
    try:
        embedder = get_embedder()
        embedder.load()
    except EmbedderUnavailable:
        logger.warning("Content gaps are grouped by spelling only: no embedder", exc_info=True)
        return None
    return embedder


def query_vectors(texts, embed_budget=EMBED_PER_REQUEST, embedder=None):
    """{text: vector} for the texts whose vector is cached, plus up to ``embed_budget``
    others embedded now (and cached). None if no embedder can be loaded."""
    embedder = embedder or _embedder()
    if embedder is None:
        return None
    prefix = embedder.query_prefix
    keys = {text_hash(prefix + text): text for text in texts}
    vectors = {}
    key_list = list(keys)
    for start in range(0, len(key_list), 500):
        rows = EmbeddingCache.objects.filter(
            embedder=embedder.name, text_hash__in=key_list[start : start + 500]
        ).values_list("text_hash", "vector")
        for key, vector in rows:
            vectors[keys[key]] = from_bytes(vector)
    missing = [text for text in texts if text not in vectors][: max(embed_budget, 0)]
    if missing:
        embedded = CachedEmbedder(embedder).embed(missing, prefix, query=True)
        vectors.update(zip(missing, embedded, strict=True))
    return vectors


def forget_query_vectors(texts):
    """Delete the cached vectors of these queries (after their searches were deleted)."""
    embedder = get_embedder()
    hashes = [text_hash(embedder.query_prefix + text) for text in texts]
    deleted = 0
    for start in range(0, len(hashes), 500):
        deleted += EmbeddingCache.objects.filter(
            embedder=embedder.name, text_hash__in=hashes[start : start + 500]
        ).delete()[0]
    return deleted


def group(rows, vectors):
    """Group query rows of one language (most poor searches first) into Gaps."""
    vectors = vectors or {}
    gaps = []
    labels = None  # one row per gap with a vector: its label's vector
    label_gaps = []  # the gap index of each row of ``labels``
    label_grams = []
    for row in rows:
        text = row["normalized_query"]
        vector = vectors.get(text)
        index = None
        if vector is not None:
            grams = trigrams(text)
            if label_gaps:
                index = _closest(labels[: len(label_gaps)] @ vector, grams, label_gaps, label_grams)
            if index is None:
                if labels is None:
                    labels = np.zeros((len(rows), len(vector)), dtype=np.float32)
                labels[len(label_gaps)] = vector
                label_gaps.append(len(gaps))
                label_grams.append(grams)
        if index is None:
            gaps.append(Gap(language=row["language"], label=text))
            index = len(gaps) - 1
        gaps[index].add(row)
    return gaps


def _closest(scores, grams, label_gaps, label_grams):
    """The gap of the most similar label that the query may join, or None."""
    candidates = np.flatnonzero(scores >= SIMILAR_SPELLING)
    for position in candidates[np.argsort(-scores[candidates], kind="stable")]:
        score = float(scores[position])
        if score >= SIMILAR or shared_trigrams(grams, label_grams[position]) >= SHARED_TRIGRAMS:
            return label_gaps[position]
    return None


def content_gaps(period, limit=MAX_QUERIES, embed_budget=None):
    """The period's poor queries grouped into Gaps. Queries without a cached vector are
    embedded by a background task; where tasks run inside the request (no worker), up to
    ``embed_budget`` of them are embedded right away instead."""
    rows = searches.poor_searches(period, limit=limit + 1)
    truncated = len(rows) > limit
    rows = rows[:limit]
    texts = list(dict.fromkeys(row["normalized_query"] for row in rows))
    in_background = runs_in_background(embed_gap_queries)
    if embed_budget is None:
        embed_budget = 0 if in_background else EMBED_PER_REQUEST
    vectors = query_vectors(texts, embed_budget) if texts else {}
    if vectors is not None and len(vectors) < len(texts) and in_background:
        _schedule_embedding(period)
    by_language = {}
    for row in rows:
        by_language.setdefault(row["language"], []).append(row)
    gaps = []
    for language_rows in by_language.values():
        gaps.extend(group(language_rows, vectors))
    gaps.sort(key=lambda gap: (-gap.poor_searches, -gap.searches, gap.language, gap.label))
    ungrouped = 0 if vectors is None else sum(1 for text in texts if text not in vectors)
    return GapReport(
        gaps=gaps,
        queries=len(texts),
        ungrouped=ungrouped,
        truncated=truncated,
        embedder_available=vectors is not None,
    )


def embed_poor_queries(period, limit=MAX_QUERIES):
    """Embed (and cache) the queries each page of the period groups: those of every
    language together and, without a language filter, those of each language alone.
    Returns how many queries have a vector."""
    periods = [period]
    if not period.language:
        periods += [Period(period.first_day, period.last_day, code) for code, _name in languages()]
    texts = {}
    for each in periods:
        for row in searches.poor_searches(each, limit=limit):
            texts.setdefault(row["normalized_query"], None)
    texts = list(texts)
    vectors = query_vectors(texts, embed_budget=len(texts)) if texts else {}
    return len(vectors) if vectors is not None else 0


def purge_query_texts(before, dry_run=False):
    """Delete the roll-ups' query texts of days before ``before`` (a date, or a datetime
    whose local date is taken) and the cached vectors of queries no later day has; returns
    how many roll-up rows went (``dry_run``: would go)."""
    if isinstance(before, datetime.datetime):
        before = timezone.localdate(before)
    deleted, gone = rollups.purge(before, dry_run=dry_run)
    if gone:
        forget_query_vectors(gone)
    return deleted


@task()
def embed_gap_queries(first_day, last_day, language=""):
    """Embed the queries with poor results of one period (ISO dates), for content gaps."""
    period = Period(
        datetime.date.fromisoformat(first_day), datetime.date.fromisoformat(last_day), language
    )
    return embed_poor_queries(period)


def _schedule_embedding(period):
    """Queue the embedding of the period's queries, at most once per period every ten
    minutes."""
    key = f"insights:embedding:{period.slug()}"
    if cache.add(key, True, timeout=600):
        embed_gap_queries.enqueue(
            period.first_day.isoformat(), period.last_day.isoformat(), period.language
        )
