"""Storage of the embedded search engine and of the embedding cache.

An ``IndexedDocument`` is one article in one language of one namespace, with its analysed
text (stemmed terms on SQLite, a tsvector kept in step by a trigger on PostgreSQL; see
``backends/embedded/fulltext.py``) and the embedding of its overview. Its
``IndexedPassage`` rows carry the passage texts and their embeddings. Vectors are float32
bytes.
"""

from django.db import models


class IndexedDocument(models.Model):
    namespace = models.CharField(max_length=100)
    language = models.CharField(max_length=16)
    parent_id = models.CharField(max_length=255)
    title = models.TextField()
    category = models.TextField(blank=True)
    kind = models.CharField(max_length=50, blank=True)
    category_id = models.CharField(max_length=255, blank=True)
    url = models.TextField(blank=True)
    live = models.BooleanField(default=True)
    # The analysed text full text is scored from: stemmed, folded terms (SQLite), or folded
    # words and the name of the PostgreSQL text search configuration for the language that
    # turns them into ``search_vector``; the number of words in both (BM25's document
    # length, which a tsvector does not keep).
    search_title = models.TextField(blank=True)
    search_body = models.TextField(blank=True)
    search_config = models.CharField(max_length=32, default="simple")
    search_length = models.PositiveIntegerField(default=0)
    embedder = models.CharField(max_length=200, blank=True)
    vector = models.BinaryField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["namespace", "language", "parent_id"], name="search_document_unique"
            )
        ]
        indexes = [models.Index(fields=["namespace", "language"], name="search_doc_ns_lang")]

    def __str__(self):
        return f"{self.namespace}/{self.language}/{self.parent_id}"


class IndexedPassage(models.Model):
    document = models.ForeignKey(IndexedDocument, on_delete=models.CASCADE, related_name="passages")
    passage_id = models.CharField(max_length=255)
    position = models.PositiveIntegerField()
    heading = models.TextField(blank=True)
    text = models.TextField()
    url = models.TextField(blank=True)
    embedder = models.CharField(max_length=200, blank=True)
    vector = models.BinaryField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "passage_id"], name="search_passage_unique")
        ]
        ordering = ["document", "position"]

    def __str__(self):
        return self.passage_id


class EmbeddingCache(models.Model):
    """Embeddings by model and exact text embedded (prefix included), so none is computed twice."""

    embedder = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64)  # sha256 hex
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["embedder", "text_hash"], name="search_cache_unique")
        ]

    def __str__(self):
        return f"{self.embedder}:{self.text_hash[:12]}"


class IndexGeneration(models.Model):
    """Changes (to a new random value) on every write to a namespace and language; each
    process compares it with its snapshot's on every search and reloads when it differs."""

    namespace = models.CharField(max_length=100)
    language = models.CharField(max_length=16)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["namespace", "language"], name="search_generation_unique"
            )
        ]

    def __str__(self):
        return f"{self.namespace}/{self.language}@{self.value}"


class PendingSync(models.Model):
    """An article (or, with an empty ``parent_id``, a whole namespace) that a search cluster
    missed because it was unreachable; synced again from the embedded tables when it is back."""

    engine = models.CharField(max_length=100)
    namespace = models.CharField(max_length=100)
    parent_id = models.CharField(max_length=255, blank=True)
    queued_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engine", "namespace", "parent_id"], name="search_pending_sync_unique"
            )
        ]

    def __str__(self):
        return f"{self.engine}:{self.namespace}:{self.parent_id or '*'}"
