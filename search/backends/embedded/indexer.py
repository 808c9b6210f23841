"""Writing articles into the embedded engine's tables, and the generation counters."""

import secrets
from dataclasses import dataclass

from django.db import transaction

from ...documents import Passage, overview_text
from ...embedders import EmbedderUnavailable
from ...embedding_cache import CachedEmbedder, to_bytes
from ...models import IndexedDocument, IndexedPassage, IndexGeneration


@dataclass
class Article:
    """The passages of one article in one language of one namespace."""

    namespace: str
    language: str
    parent_id: str
    passages: list

    @property
    def first(self):
        return self.passages[0]

    @property
    def body(self):
        """Headings and passage texts, for the full-text index."""
        lines, heading = [], ""
        for passage in self.passages:
            if passage.heading and passage.heading != heading:
                heading = passage.heading
                lines.append(heading)
            lines.append(passage.text)
        return "\n".join(lines)


def group_articles(passages):
    """Articles in the order their first passage came, passages in the order given."""
    articles = {}
    for passage in passages:
        for name in ("id", "parent_id", "language", "namespace"):
            if not str(getattr(passage, name) or "").strip():
                raise ValueError(f"Passage {passage.id!r} has no {name}.")
        key = (passage.namespace, passage.language.strip().lower(), str(passage.parent_id))
        if key not in articles:
            articles[key] = Article(*key, passages=[])
        articles[key].passages.append(passage)
    return list(articles.values())


def embed_articles(articles, embedder):
    """(passage vectors, overview vectors) for the articles, or (None, None) when the
    embedder is unavailable."""
    if embedder is None:
        return None, None
    texts = [passage.embedding_text for article in articles for passage in article.passages]
    overviews = [overview_text(article.passages) for article in articles]
    try:
        vectors = CachedEmbedder(embedder).index_vectors(texts + overviews)
    except EmbedderUnavailable:
        return None, None
    return vectors[: len(texts)], vectors[len(texts) :]


def write_articles(articles, fulltext, embedder_name, passage_vectors, overview_vectors):
    """Replace the stored articles, in one transaction, and bump their generations."""
    position = 0
    with transaction.atomic():
        for number, article in enumerate(articles):
            first = article.first
            document, _created = IndexedDocument.objects.update_or_create(
                namespace=article.namespace,
                language=article.language,
                parent_id=article.parent_id,
                defaults={
                    "title": first.title,
                    "category": first.category,
                    "kind": first.kind,
                    "category_id": str(first.category_id or ""),
                    "url": first.url,
                    "live": bool(first.live),
                    "embedder": embedder_name if overview_vectors is not None else "",
                    "vector": _blob(overview_vectors, number),
                    **fulltext.document_fields(article.language, first.title, article.body),
                },
            )
            IndexedPassage.objects.filter(document=document).delete()
            rows = []
            for order, passage in enumerate(article.passages):
                rows.append(
                    IndexedPassage(
                        document=document,
                        passage_id=str(passage.id),
                        position=order,
                        heading=passage.heading,
                        text=passage.text,
                        url=passage.url,
                        embedder=embedder_name if passage_vectors is not None else "",
                        vector=_blob(passage_vectors, position),
                    )
                )
                position += 1
            IndexedPassage.objects.bulk_create(_unique(rows))
        bump_generations({(a.namespace, a.language) for a in articles})


def bump_generations(keys):
    """Tell every process that these (namespace, language) pools changed.

    The new value is random rather than one more, so a write that was rolled back can never
    leave a process holding a snapshot under the same value as a later write.
    """
    for namespace, language in sorted(keys):
        IndexGeneration.objects.update_or_create(
            namespace=namespace, language=language, defaults={"value": secrets.randbits(62)}
        )


def _blob(vectors, index):
    return None if vectors is None else to_bytes(vectors[index])


def _unique(rows):
    """The last passage wins when an article repeats a passage id."""
    by_id = {}
    for row in rows:
        by_id[row.passage_id] = row
    return list(by_id.values())


def stored_passages(document):
    """The passages of an ``IndexedDocument`` as they were indexed, in order: what the
    embedded index holds, for writing them elsewhere again."""
    return [
        Passage(
            id=row.passage_id,
            parent_id=document.parent_id,
            language=document.language,
            title=document.title,
            category=document.category,
            heading=row.heading,
            text=row.text,
            kind=document.kind,
            category_id=document.category_id,
            url=row.url,
            live=document.live,
            namespace=document.namespace,
        )
        for row in document.passages.order_by("position")
    ]
