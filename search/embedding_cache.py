"""Passage embeddings through the ``EmbeddingCache`` table: no text is embedded twice.

The key is the embedder's name and the sha256 of the exact text it embedded (its prefix
included). Site content goes through here, and so do the redacted queries that the insights
pages group by meaning (portal.insights.gaps): those rows hold a hash and a vector, never the
text, and the daily roll-up deletes them with the query texts past the search retention.
"""

import hashlib

import numpy as np

from .models import EmbeddingCache

BATCH = 32
LOOKUP_CHUNK = 500


def text_hash(text):
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()


def to_bytes(vector):
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype=np.float32)


class CachedEmbedder:
    """Embeds passage texts for the index, reading and filling the cache table."""

    def __init__(self, embedder):
        self.embedder = embedder

    def index_vectors(self, texts):
        """One vector per text, as stored in the index.

        Where the model has different query and passage prefixes, the vector is the mean of
        the text embedded both ways: help-center passages are often questions themselves,
        and matching them as queries too gained 1–2 points of MRR on every evaluation set.
        """
        texts = list(texts)
        as_passages = self.embed(texts, self.embedder.passage_prefix, query=False)
        if self.embedder.query_prefix == self.embedder.passage_prefix:
            return as_passages
        as_queries = self.embed(texts, self.embedder.query_prefix, query=True)
        return (as_passages + as_queries) / 2

    def embed(self, texts, prefix, query):
        """Embeddings of ``texts`` (one side), from the cache where present."""
        name = self.embedder.name
        keys = [text_hash(prefix + text) for text in texts]
        found = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[start : start + LOOKUP_CHUNK]
            rows = EmbeddingCache.objects.filter(embedder=name, text_hash__in=chunk)
            for key, vector in rows.values_list("text_hash", "vector"):
                found[key] = from_bytes(vector)
        missing = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                missing.setdefault(key, text)
        missing_keys = list(missing)
        for start in range(0, len(missing_keys), BATCH):
            batch = missing_keys[start : start + BATCH]
            encode = self.embedder.embed_queries if query else self.embedder.embed_passages
            vectors = encode([missing[key] for key in batch])
            EmbeddingCache.objects.bulk_create(
                [
                    EmbeddingCache(embedder=name, text_hash=key, vector=to_bytes(vector))
                    for key, vector in zip(batch, vectors, strict=True)
                ],
                ignore_conflicts=True,
            )
            found.update(zip(batch, vectors, strict=True))
        if not keys:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([found[key] for key in keys]).astype(np.float32)
