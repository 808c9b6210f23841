"""Full-text search inside the site's database: SQLite FTS5 or PostgreSQL tsvector.

Both index one row per ``IndexedDocument`` (an article in one language); the tables,
triggers and indexes come from migrations 0002, 0004 and 0005. Query words arrive already
cleaned (letters and digits only), so no full-text syntax from shoppers ever reaches the
database.

Both score by BM25 with SQLite FTS5's parameters, over statistics of the namespace and
languages searched only (filters only hide results): the number of documents, their
average length and each term's document frequency. FTS5's own ``bm25()`` counts every row
of its table instead, so a language with little content next to one with much, or
documents of another namespace, would change how a word is weighed.
"""

import math
import threading

from django.db import connection

#: How many articles the full-text side hands to fusion at most.
LEXICAL_LIMIT = 200

#: BM25 parameters, the same as SQLite FTS5's ``bm25()``.
BM25_K1 = 1.2
BM25_B = 0.75
#: FTS5's weight for a term in half the documents or more.
BM25_IDF_FLOOR = 1e-6
#: Most (namespace, languages) statistics, and terms in each, kept in memory.
STATISTICS_CACHED = 1_000
TERMS_CACHED = 50_000

#: A document's length in BM25: its number of words, at least 1.
DOCUMENT_LENGTH = "(CASE WHEN d.search_length > 1 THEN d.search_length ELSE 1 END)"

_statistics = {}  # (namespace, languages) -> Statistics
_lock = threading.Lock()


def full_text_index():
    """The full-text index for the database in use."""
    if connection.vendor == "postgresql":
        from .fulltext_postgres import PostgresFullText

        return PostgresFullText()
    if connection.vendor == "sqlite":
        from .fulltext_sqlite import SQLiteFullText

        return SQLiteFullText()
    raise NotImplementedError(
        f"The embedded search engine supports SQLite and PostgreSQL, not {connection.vendor}."
    )


def filter_sql(filters, alias="d"):
    """SQL conditions and parameters for the search filters."""
    conditions, params = [], []
    if filters.get("live") is not None:
        conditions.append(f"{alias}.live = %s")
        params.append(bool(filters["live"]))
    for name in ("kind", "category_id"):
        if name in filters:
            values = sorted(filters[name])
            conditions.append(f"{alias}.{name} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
    return conditions, params


def scope_sql(namespace, languages):
    """SQL condition and parameters for the documents of a namespace and languages."""
    placeholders = ", ".join(["%s"] * len(languages))
    return f"d.namespace = %s AND d.language IN ({placeholders})", [namespace, *languages]


def bm25_sql(frequency, idf, average_length_param="%s"):
    """SQL of one term's BM25 contribution, from SQL expressions of its frequency in the
    document (title occurrences counting ``TITLE_WEIGHT`` times) and its weight."""
    return (
        f"{idf} * {frequency} * {BM25_K1 + 1} / ({frequency} + {BM25_K1} * "
        f"(1 - {BM25_B} + {BM25_B} * {DOCUMENT_LENGTH} / {average_length_param}))"
    )


class Statistics:
    """What BM25 needs to know of a namespace and languages, at some index generations."""

    def __init__(self, generations, documents, average_length):
        self.generations = generations
        self.documents = documents
        self.average_length = average_length
        self.frequencies = {}  # term -> documents holding it

    def idf(self, holding):
        """BM25's weight of a term that ``holding`` documents hold, floored as FTS5 does."""
        # A write between counting the documents and counting a term's can make the term
        # look more frequent than there are documents, until the generation moves.
        holding = min(holding, self.documents)
        idf = math.log((self.documents - holding + 0.5) / (holding + 0.5))
        return max(idf, BM25_IDF_FLOOR)

    def weighs(self, holding):
        """Whether a term that ``holding`` documents hold weighs more than the floor."""
        return self.idf(holding) > BM25_IDF_FLOOR

    def frequencies_of(self, terms, count):
        """{term: documents holding it}; ``count(missing terms)`` counts those not known yet,
        once per index generation."""
        frequencies = {term: self.frequencies.get(term) for term in terms}
        missing = [term for term, holding in frequencies.items() if holding is None]
        if missing:
            counted = {term: 0 for term in missing}
            counted.update(count(missing))
            frequencies.update(counted)
            with _lock:
                if len(self.frequencies) > TERMS_CACHED:
                    self.frequencies.clear()
                self.frequencies.update(counted)
        return frequencies


def statistics_of(cursor, namespace, languages):
    """The statistics of the namespace and languages, counted again when their index
    generation has moved since (read first: a write meanwhile moves it again)."""
    languages = tuple(sorted(set(languages)))
    placeholders = ", ".join(["%s"] * len(languages))
    cursor.execute(
        "SELECT language, value FROM search_indexgeneration "
        f"WHERE namespace = %s AND language IN ({placeholders}) ORDER BY language",
        [namespace, *languages],
    )
    generations = tuple(tuple(row) for row in cursor.fetchall())
    key = (namespace, languages)
    statistics = _statistics.get(key)
    if statistics is not None and statistics.generations == generations:
        return statistics
    scope, params = scope_sql(namespace, languages)
    cursor.execute(
        f"SELECT count(*), avg({DOCUMENT_LENGTH}) FROM search_indexeddocument d WHERE {scope}",
        params,
    )
    documents, average_length = cursor.fetchone()
    statistics = Statistics(generations, documents, float(average_length or 1.0))
    with _lock:
        if len(_statistics) > STATISTICS_CACHED:
            _statistics.clear()
        _statistics[key] = statistics
    return statistics


def bm25_ranked(cursor, namespace, languages, terms, limit, *, count, score, floor):
    """[(document id, score)], best first, for documents holding any of the terms: by BM25
    those holding a term that weighs more than the floor, then, scored 0, those holding
    only terms at the floor weight (FTS5 gives them next to nothing).

    ``count(terms)`` gives {term: documents of the scope holding it};
    ``score(terms, idfs, statistics, limit)`` the BM25 ranking of the weighed terms;
    ``floor(floored, weighed, limit)`` documents holding floored terms but no weighed one.
    """
    statistics = statistics_of(cursor, namespace, languages)
    frequencies = statistics.frequencies_of(terms, count)
    held = [term for term in terms if frequencies[term]]
    weighed = [term for term in held if statistics.weighs(frequencies[term])]
    floored = [term for term in held if term not in weighed]
    found = []
    if weighed:
        idfs = [statistics.idf(frequencies[term]) for term in weighed]
        found = score(weighed, idfs, statistics, limit)
    if floored and len(found) < limit:
        found += floor(floored, weighed, limit - len(found))
    return found
