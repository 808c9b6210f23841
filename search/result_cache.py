"""Recent searches' results, in each process: a repeated search is answered without ranking.

Shoppers' searches repeat, and a repeated one (the same words after ``clean_query``, language,
filters, page, mode) gets the same results until the index changes. Each worker process keeps
the results of its last ``SEARCH_RESULTS_CACHE_SIZE`` searches (least recently used go first;
0 turns this off) in memory: they hold hits with their texts and snippets, cheaper to keep
than to read back from a shared cache. A result is never stale: its key holds the version of
the whole index the search could draw on (for the embedded engine, the generation of every
language of the namespace, read from the database on every search), so an edit indexed by
any process changes every process's keys. Engines that cannot tell their index's version
cheaply (the cluster engines) rank every search.

Benchmarks and evaluations measure ranking, not this cache: ``query_vectors.bypassed()``
turns it off too.
"""

import dataclasses
import threading
from collections import OrderedDict

from django.conf import settings

from . import query_vectors

_lock = threading.Lock()
_entries = OrderedDict()
_stats = {"hits": 0, "misses": 0}


def _size():
    return max(0, int(getattr(settings, "SEARCH_RESULTS_CACHE_SIZE", 1000) or 0))


def key(version, *parts):
    """A cache key for a search of the index at ``version`` (None: the engine cannot tell
    its index's version) with ``parts``; None when results must not be cached now."""
    if version is None or _size() == 0 or query_vectors.is_bypassed():
        return None
    return (version, *parts)


def get(cache_key):
    """The results stored under ``cache_key`` (with ``cached=True``), or None."""
    if cache_key is None:
        return None
    with _lock:
        results = _entries.get(cache_key)
        if results is None:
            _stats["misses"] += 1
            return None
        _entries.move_to_end(cache_key)
        _stats["hits"] += 1
    return dataclasses.replace(results, hits=list(results.hits), cached=True)


def put(cache_key, results):
    if cache_key is None:
        return
    size = _size()
    with _lock:
        _entries[cache_key] = results
        _entries.move_to_end(cache_key)
        while len(_entries) > size:
            _entries.popitem(last=False)


def clear():
    with _lock:
        _entries.clear()


def stats():
    """This process's lookups since it started, for ``/healthz``."""
    with _lock:
        hits, misses, entries = _stats["hits"], _stats["misses"], len(_entries)
    lookups = hits + misses
    return {
        "size": _size(),
        "entries": entries,
        "hits": hits,
        "misses": misses,
        "hit_rate": round(hits / lookups, 3) if lookups else None,
    }
