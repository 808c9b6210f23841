"""Full-text search: terms stored in the database, scored by BM25 in process.

Each document (an article in one language) is analysed when it is written: on SQLite into
the stemmed, folded terms of our Snowball analyzers (``search.text``); on PostgreSQL into
a weighted tsvector in the text search configuration of the language (migrations 0002 and
0004).
Each process reads those terms into the snapshot of the language (``pool.Pool``), as it
reads the passage vectors, and reloads them when the language's index generation moves.

A search scores the snapshots by BM25 with SQLite FTS5's parameters, over the statistics of
the namespace and languages searched (filters only hide results): their number of
documents, average length and each term's document frequency. A term's frequency in a
document counts its occurrences in the title ``TITLE_WEIGHT`` times. A term held by half
the documents or more gets FTS5's floor weight: documents that hold only such terms match
with a score of 0, shortest first.

Scoring in the database cost a query of ten to forty words (a shopper describing a problem)
up to 40 ms at 10,000 passages, reading every occurrence of every word; from the snapshot it
is a few array additions (``kb_bench``).
"""

import collections
import math

import numpy as np
from django.db import connection

#: How many articles the full-text side hands to fusion at most, on every engine: a
#: language's level (base.fused_ranking) is the mean over them and the dense candidates.
#: With 50 on a cluster, its relevances were 0.007 under the embedded engine's at 10,000
#: passages.
LEXICAL_LIMIT = 200

#: BM25 parameters, the same as SQLite FTS5's ``bm25()``.
BM25_K1 = 1.2
BM25_B = 0.75
#: FTS5's weight for a term in half the documents or more.
BM25_IDF_FLOOR = 1e-6


def full_text_index():
    """The full-text analysis of the database in use."""
    if connection.vendor == "postgresql":
        from .fulltext_postgres import PostgresFullText

        return PostgresFullText()
    if connection.vendor == "sqlite":
        from .fulltext_sqlite import SQLiteFullText

        return SQLiteFullText()
    raise NotImplementedError(
        f"The embedded search engine supports SQLite and PostgreSQL, not {connection.vendor}."
    )


class TermIndex:
    """The terms of one snapshot's documents: their lengths, and for each term the
    documents holding it with its frequency there."""

    def __init__(self, lengths, postings):
        self.lengths = lengths  # words per document (float64), 0 for an empty one
        self.postings = postings  # term -> (document indexes int32, frequencies float64)

    @classmethod
    def build(cls, rows, index_of):
        """From ``(document id, length, {term: frequency})`` rows; ``index_of`` maps the
        snapshot's document ids to their indexes (rows of other documents are left out: they
        were written after the snapshot's documents were read)."""
        lengths = np.zeros(len(index_of), dtype=np.float64)
        documents = collections.defaultdict(list)
        frequencies = collections.defaultdict(list)
        for document_id, length, terms in rows:
            i = index_of.get(document_id)
            if i is None:
                continue
            lengths[i] = length
            for term, frequency in terms.items():
                documents[term].append(i)
                frequencies[term].append(frequency)
        postings = {
            term: (np.array(held, dtype=np.int32), np.array(frequencies[term], dtype=np.float64))
            for term, held in documents.items()
        }
        return cls(lengths, postings)

    def holding(self, term):
        posting = self.postings.get(term)
        return 0 if posting is None else len(posting[0])


def idf(documents, holding):
    """BM25's weight of a term that ``holding`` of ``documents`` hold, floored as FTS5 does."""
    value = math.log((documents - holding + 0.5) / (holding + 0.5))
    return max(value, BM25_IDF_FLOOR)


def bm25_ranking(sides, terms, limit=LEXICAL_LIMIT):
    """[((key, document index), score)], best first, for the documents holding any of the
    terms: by BM25 those holding a term that weighs more than the floor, then, scored 0,
    those holding only terms at the floor weight, shortest first. Ties go to the older
    document.

    ``sides`` are ``(key, term index, document ids, mask)`` for each snapshot searched; the
    mask hides the documents the filters leave out.
    """
    documents = sum(len(index.lengths) for _key, index, _ids, _mask in sides)
    terms = list(dict.fromkeys(terms))
    if not documents or not terms:
        return []
    average_length = (
        sum(float(np.maximum(index.lengths, 1).sum()) for _key, index, _ids, _mask in sides)
        / documents
    )
    holding = {term: sum(index.holding(term) for _k, index, _i, _m in sides) for term in terms}
    weights = {term: idf(documents, held) for term, held in holding.items() if held}
    weighed = {term: weight for term, weight in weights.items() if weight > BM25_IDF_FLOOR}
    floored = [term for term in weights if term not in weighed]

    scored, matched_by = [], []
    for side, (_key, index, ids, mask) in enumerate(sides):
        matched = np.zeros(len(index.lengths), dtype=bool)
        if weighed:
            scores = np.zeros(len(index.lengths), dtype=np.float64)
            norm = BM25_K1 * (1 - BM25_B + BM25_B * np.maximum(index.lengths, 1) / average_length)
            for term, weight in weighed.items():
                posting = index.postings.get(term)
                if posting is not None:
                    held, frequency = posting
                    scores[held] += weight * frequency * (BM25_K1 + 1) / (frequency + norm[held])
                    matched[held] = True
            found = np.flatnonzero(matched & mask)
            scored.append((-scores[found], ids[found], np.full(len(found), side), found))
        matched_by.append(matched)
    ranking = _best(sides, scored, limit, lambda negative: -negative)
    if floored and len(ranking) < limit:
        shortest = []
        for side, (_key, index, ids, mask) in enumerate(sides):
            held = np.zeros(len(index.lengths), dtype=bool)
            for term in floored:
                posting = index.postings.get(term)
                if posting is not None:
                    held[posting[0]] = True
            found = np.flatnonzero(held & ~matched_by[side] & mask)
            shortest.append((index.lengths[found], ids[found], np.full(len(found), side), found))
        ranking += _best(sides, shortest, limit - len(ranking), lambda _length: 0.0)
    return ranking


def _best(sides, parts, limit, score):
    """The ``limit`` first of ``(sort key, document id, side, document index)`` arrays, by
    key then id, as ``((side key, document index), score(sort key))``."""
    if not parts:
        return []
    keys, ids, side, found = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    order = np.lexsort((ids, keys))[:limit]
    return [((sides[side[o]][0], int(found[o])), float(score(keys[o]))) for o in order.tolist()]
