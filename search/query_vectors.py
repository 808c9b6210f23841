"""Query vectors in the shared cache: a search repeated by any shopper, in any worker
process, is not embedded again.

Shoppers' searches repeat (the top searches are a large share of all traffic), and the query's
embedding is most of a search's time. Vectors are kept in the Django cache named by
``SEARCH_QUERY_CACHE`` (``"search"``; settings give it Redis with ``REDIS_URL``, else a table
in the database, so every worker process sees the same entries), keyed by the embedder's name
and the sha256 of the exact text embedded — the query after ``clean_query``, its prefix
included. The text itself is not stored. The cache is bounded: a database cache holds at most
``SEARCH_QUERY_CACHE_SIZE`` entries (expired ones, then a tenth of the rest, go when it is
full), Redis evicts by its ``maxmemory`` policy, and every entry expires after
``SEARCH_QUERY_CACHE_SECONDS``.

A cache that cannot be read or written never fails a search: the model embeds the query as if
the cache were empty, and the failure is counted.
"""

import contextlib
import logging
import threading

import numpy as np
from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches

from .embedding_cache import from_bytes, text_hash, to_bytes

logger = logging.getLogger(__name__)

HIT, MISS = "hit", "miss"

_stats_lock = threading.Lock()
_stats = {"hits": 0, "misses": 0, "errors": 0}
_bypassed = False  # set by bypassed(), for the whole process


def _cache():
    alias = getattr(settings, "SEARCH_QUERY_CACHE", "search")
    if not alias:
        return None
    try:
        return caches[alias]
    except InvalidCacheBackendError:
        return None


def _key(embedder, text):
    return f"qv:{embedder.name}:{text_hash(embedder.query_prefix + text)}"


def _count(name):
    with _stats_lock:
        _stats[name] += 1


def query_vector(embedder, text):
    """``(vector, HIT | MISS)`` for the cleaned query ``text``."""
    cache = None if _bypassed else _cache()
    if cache is None:
        return embedder.embed_queries([text])[0], MISS
    key = _key(embedder, text)
    try:
        stored = cache.get(key)
    except Exception as exc:  # noqa: BLE001 — any cache failure: embed as if it were empty
        logger.warning("Query-vector cache unreadable: %s", exc)
        stored, cache = None, None
        _count("errors")
    if stored is not None:
        vector = from_bytes(stored)
        if vector.shape == (embedder.dim,):
            _count("hits")
            return vector, HIT
    vector = np.asarray(embedder.embed_queries([text])[0], dtype=np.float32)
    _count("misses")
    if cache is not None:
        try:
            cache.set(key, to_bytes(vector), timeout=settings.SEARCH_QUERY_CACHE_SECONDS)
        except Exception as exc:  # noqa: BLE001 — the search still has its vector
            logger.warning("Query-vector cache not writable: %s", exc)
            _count("errors")
    return vector, MISS


def stats():
    """This process's lookups since it started, for ``/healthz``."""
    with _stats_lock:
        hits, misses, errors = _stats["hits"], _stats["misses"], _stats["errors"]
    lookups = hits + misses
    return {
        "backend": getattr(settings, "SEARCH_QUERY_CACHE", "search") or None,
        "hits": hits,
        "misses": misses,
        "errors": errors,
        "hit_rate": round(hits / lookups, 3) if lookups else None,
    }


def is_bypassed():
    return _bypassed


@contextlib.contextmanager
def bypassed():
    """Embed every query (in every thread of this process): benchmarks and evaluations
    measure the model, not the cache (nor ``result_cache``)."""
    global _bypassed
    previous, _bypassed = _bypassed, True
    try:
        yield
    finally:
        _bypassed = previous
