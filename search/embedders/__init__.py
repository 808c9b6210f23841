"""Embedding models behind one interface; ``get_embedder()`` picks one from settings."""

from .base import Embedder, EmbedderUnavailable, get_embedder

__all__ = ["Embedder", "EmbedderUnavailable", "get_embedder"]
