"""An in-process snapshot of one namespace and language: vectors, full-text terms,
metadata, vocabulary.

Exact dense search is a matrix product over the snapshot, full-text search a BM25 sum over
its terms (``fulltext``); it is rebuilt from the database whenever the language's
generation counter moves (see ``EmbeddedSearchEngine._pools``).
"""

import collections

import numpy as np

from ...embedding_cache import from_bytes
from ...fusion import dense_article_scores
from ...models import IndexedDocument, IndexedPassage
from ...text import words
from ...typos import Vocabulary
from .fulltext import TermIndex, full_text_index


class Pool:
    def __init__(self, namespace, language, generation):
        self.namespace = namespace
        self.language = language
        self.generation = generation

    @classmethod
    def load(cls, namespace, language, generation, embedder_name):
        pool = cls(namespace, language, generation)
        documents = list(
            IndexedDocument.objects.filter(namespace=namespace, language=language)
            .order_by("id")
            .values_list(
                "id", "parent_id", "title", "category", "kind", "category_id", "url", "live",
                "embedder", "vector",
            )
        )  # fmt: skip
        passages = list(
            IndexedPassage.objects.filter(
                document__namespace=namespace, document__language=language
            )
            .order_by("document_id", "position")
            .values_list(
                "document_id", "passage_id", "heading", "text", "url", "embedder", "vector"
            )
        )
        pool._set_documents(documents, embedder_name)
        pool._set_passages(passages, embedder_name)
        pool._set_vocabulary()
        pool.terms = TermIndex.build(
            full_text_index().document_terms(namespace, language), pool.index_of
        )
        return pool

    def __len__(self):
        return len(self.parent_ids)

    # -- building -------------------------------------------------------------------------

    def _set_documents(self, rows, embedder_name):
        self.index_of = {row[0]: i for i, row in enumerate(rows)}
        self.document_ids = np.array([row[0] for row in rows], dtype=np.int64)
        self.parent_ids = [row[1] for row in rows]
        self.titles = [row[2] for row in rows]
        self.categories = [row[3] for row in rows]
        self.kinds = np.array([row[4] for row in rows], dtype=object)
        self.category_ids = np.array([row[5] for row in rows], dtype=object)
        self.urls = [row[6] for row in rows]
        self.live = np.array([row[7] for row in rows], dtype=bool)
        self.overview, self.has_overview = _matrix(
            [row[9] if row[8] == embedder_name else None for row in rows]
        )

    def _set_passages(self, rows, embedder_name):
        self.passage_document = np.array([self.index_of[row[0]] for row in rows], dtype=np.int64)
        self.passage_ids = [row[1] for row in rows]
        self.headings = [row[2] for row in rows]
        self.texts = [row[3] for row in rows]
        self.passage_urls = [row[4] for row in rows]
        self.passage_vectors, self.has_vector = _matrix(
            [row[6] if row[5] == embedder_name else None for row in rows]
        )
        document = self.passage_document
        if len(document):
            self.starts = np.flatnonzero(np.r_[True, document[1:] != document[:-1]])
        else:
            self.starts = np.zeros(0, dtype=np.int64)
        self.ends = np.r_[self.starts[1:], len(document)].astype(np.int64)
        self.segment_of = {int(document[start]): i for i, start in enumerate(self.starts)}

    def _set_vocabulary(self):
        frequencies = collections.Counter()
        seen = [set(words(title)) for title in self.titles]
        for document, heading, text in zip(
            self.passage_document, self.headings, self.texts, strict=True
        ):
            seen[document].update(words(heading))
            seen[document].update(words(text))
        for document_words in seen:
            frequencies.update(document_words)
        self.vocabulary = Vocabulary(frequencies)
        self.suggestions = []
        for i, title in enumerate(self.titles):
            self.suggestions.append((tuple(words(title)), i, "", self.urls[i]))
        done = set()
        for document, heading, url in zip(
            self.passage_document, self.headings, self.passage_urls, strict=True
        ):
            if heading and (document, heading) not in done:
                done.add((document, heading))
                self.suggestions.append((tuple(words(heading)), int(document), heading, url))

    # -- searching ------------------------------------------------------------------------

    @property
    def dense_ready(self):
        return bool(self.has_vector.any() or self.has_overview.any())

    def mask(self, filters):
        """Documents that pass the filters."""
        mask = np.ones(len(self), dtype=bool)
        if filters.get("live") is not None:
            mask &= self.live == bool(filters["live"])
        if "kind" in filters:
            mask &= np.isin(self.kinds, list(filters["kind"]))
        if "category_id" in filters:
            mask &= np.isin(self.category_ids, list(filters["category_id"]))
        return mask

    def dense(self, vector, weights):
        """(article scores, passage scores) for a query vector; NaN where not embedded."""
        passage_scores = np.full(len(self.passage_ids), -np.inf, dtype=np.float32)
        if self.has_vector.any():
            passage_scores = self.passage_vectors @ vector
            passage_scores[~self.has_vector] = -np.inf
        best = np.full(len(self), np.nan, dtype=np.float32)
        if len(self.starts):
            segment_best = np.maximum.reduceat(passage_scores, self.starts)
            best[self.passage_document[self.starts]] = segment_best
            best[np.isinf(best)] = np.nan
        overview = np.full(len(self), np.nan, dtype=np.float32)
        if self.has_overview.any():
            overview = self.overview @ vector
            overview[~self.has_overview] = np.nan
        return dense_article_scores(best, overview, weights), passage_scores

    def passages_of(self, document):
        """Range of passage indexes of a document."""
        segment = self.segment_of.get(int(document))
        if segment is None:
            return range(0)
        return range(int(self.starts[segment]), int(self.ends[segment]))

    def suggest(self, prefix_words, size):
        """(document, heading, url) whose title or heading starts words with the prefix."""
        *complete, last = prefix_words
        found = []
        for entry_words, document, heading, url in self.suggestions:
            if not self.live[document]:
                continue
            position = _match(entry_words, complete, last)
            if position is not None:
                found.append((bool(heading), position, len(entry_words), document, heading, url))
        found.sort(key=lambda item: item[:3])
        return [(document, heading, url) for *_rank, document, heading, url in found[:size]]


def _match(entry_words, complete, last):
    """Index of the word the last prefix word completes, if every prefix word matches."""
    for word in complete:
        if not any(entry.startswith(word) for entry in entry_words):
            return None
    for position, entry in enumerate(entry_words):
        if entry.startswith(last):
            return position
    return None


def _matrix(blobs):
    """Stack float32 blobs (None = missing) into a matrix and a presence mask."""
    present = np.array([blob is not None for blob in blobs], dtype=bool)
    dim = next((len(from_bytes(blob)) for blob in blobs if blob is not None), 0)
    matrix = np.zeros((len(blobs), dim), dtype=np.float32)
    for i, blob in enumerate(blobs):
        if blob is not None:
            vector = from_bytes(blob)
            if len(vector) == dim:
                matrix[i] = vector
            else:
                present[i] = False
    return matrix, present
