"""What engines share about the embedding model: loading it lazily, noticing when it is
down (and trying again later), and embedding queries."""

import logging
import time

from .. import query_vectors
from ..embedders import EmbedderUnavailable, get_embedder

logger = logging.getLogger(__name__)

#: Seconds before loading a failed embedding model is tried again.
EMBEDDER_RETRY_SECONDS = 60


class UsesEmbedder:
    _embedder = None
    _embedder_error = None
    _retry_at = 0.0
    _null_vector = None

    @property
    def embedder(self):
        if self._embedder is None:
            self._embedder = get_embedder()
        return self._embedder

    def _dense_available(self):
        if self._embedder_error and time.monotonic() < self._retry_at:
            return False
        try:
            self.embedder.load()
        except EmbedderUnavailable as exc:
            if self._embedder_error is None:
                logger.warning("Search runs on full text only: %s", exc)
            self._embedder_error = str(exc)
            self._retry_at = time.monotonic() + EMBEDDER_RETRY_SECONDS
            return False
        self._embedder_error = None
        return True

    def _weak_answer(self):
        return self.embedder.weak_answer

    def _fallback_margin(self):
        return self.embedder.fallback_margin

    def _answer_floor(self, query):
        """The relevance ``query``'s best article needs: the cut-off (SEARCH_MIN_RELEVANCE,
        else the model's ``answer_floor``), lower for a long question (``floor_factor``)."""
        cutoff = self._cutoff()
        if cutoff == float("-inf"):
            return cutoff
        return self._for_length(self.embedder.answer_floor if cutoff is None else cutoff, query)

    def _unknown_word_floor(self, query):
        """The model's, moved with an operator's floor (SEARCH_MIN_RELEVANCE), lower for a
        long question."""
        floor = self.embedder.unknown_word_floor
        cutoff = self._cutoff()
        if cutoff is not None:
            floor += cutoff - self.embedder.answer_floor
        return self._for_length(floor, query)

    def _for_length(self, floor, query):
        if floor <= 0:  # an operator's floor at or under zero stays as set
            return floor
        return floor * self.embedder.floor_factor(len(query.words))

    def _query_vector(self, query):
        if query.vector is None and self._dense_available():
            started = time.perf_counter()
            try:
                query.vector, query.vector_cache = query_vectors.query_vector(
                    self.embedder, query.text
                )
                query.embed_ms = (time.perf_counter() - started) * 1000
            except EmbedderUnavailable as exc:
                logger.warning("Query embedding failed: %s", exc)
        return query.vector

    def _null(self):
        """The index vector of an empty passage: a query's score against it is the level
        that any passage reaches, which relevance is measured from."""
        if self._null_vector is None:
            from ..embedding_cache import CachedEmbedder

            self._null_vector = CachedEmbedder(self.embedder).index_vectors([""])[0]
        return self._null_vector
