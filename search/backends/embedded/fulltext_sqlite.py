"""SQLite FTS5: an external-content table over the documents' stemmed terms (migration
0002), ranked by BM25 over the namespace and languages searched (see ``fulltext``).

A term's frequency in a document is read from ``search_document_fts_terms`` (an
``fts5vocab`` table of every occurrence, migration 0005): its occurrences in the title
``TITLE_WEIGHT`` times, plus those in the text. A term in half the documents or more has
FTS5's floor weight: documents that hold only such terms are matched with a score of 0,
shortest first, without reading their occurrences, which for such words are many.
"""

from django.db import connection

from ...fusion import TITLE_WEIGHT
from ...text import analyzer
from .fulltext import LEXICAL_LIMIT, bm25_ranked, bm25_sql, filter_sql, scope_sql

# The best documents of the scope holding any weighed term, by BM25: from the terms'
# occurrences to their documents (CROSS JOIN keeps that order), never the other way round.
_SQL = """
WITH weights(term, idf) AS (VALUES {weights}),
frequencies(id, term, frequency) AS (
    SELECT t.doc, t.term, sum(CASE t.col WHEN 'search_title' THEN %s ELSE 1.0 END)
    FROM search_document_fts_terms t WHERE t.term IN ({terms}) GROUP BY t.doc, t.term
)
SELECT d.id, sum({bm25}) AS score
FROM frequencies f
CROSS JOIN weights w ON w.term = f.term
CROSS JOIN search_indexeddocument d ON d.id = f.id
WHERE {where}
GROUP BY d.id ORDER BY score DESC, d.id LIMIT %s
"""

# Documents of the scope holding only floored terms, scored 0, shortest first (CROSS JOIN:
# the full-text query runs once, not once per document of the scope).
_FLOOR_SQL = """
SELECT d.id, 0.0 FROM search_document_fts CROSS JOIN search_indexeddocument d
ON d.id = search_document_fts.rowid
WHERE search_document_fts MATCH %s AND {where} ORDER BY d.search_length, d.id LIMIT %s
"""

_DOCUMENT_FREQUENCIES_SQL = """
SELECT t.term, count(DISTINCT t.doc) FROM search_document_fts_terms t
CROSS JOIN search_indexeddocument d ON d.id = t.doc
WHERE t.term IN ({terms}) AND {scope} GROUP BY t.term
"""


class SQLiteFullText:
    name = "sqlite-fts5"

    def document_fields(self, language, title, body):
        """Columns of ``IndexedDocument`` the FTS5 table reads: stemmed, folded terms."""
        language_analyzer = analyzer(language)
        title_terms, body_terms = language_analyzer.terms(title), language_analyzer.terms(body)
        return {
            "search_title": " ".join(title_terms),
            "search_body": " ".join(body_terms),
            "search_config": "simple",
            "search_length": len(title_terms) + len(body_terms),
        }

    def search(self, namespace, languages, query_words, filters, limit=LEXICAL_LIMIT):
        """[(document id, BM25 score)] for documents matching any of the words, best first."""
        terms = sorted({analyzer(lang).stem(word) for lang in languages for word in query_words})
        terms = [term for term in terms if term]
        if not terms:
            return []
        languages = sorted(set(languages))
        scope = scope_sql(namespace, languages)
        conditions, filter_params = filter_sql(filters)
        where = (" AND ".join([scope[0], *conditions]), [*scope[1], *filter_params])
        with connection.cursor() as cursor:
            return bm25_ranked(
                cursor,
                namespace,
                languages,
                terms,
                limit,
                count=lambda missing: _document_frequencies(cursor, missing, scope),
                score=lambda weighed, idfs, statistics, top: _scored(
                    cursor, weighed, idfs, statistics, where, top
                ),
                floor=lambda floored, weighed, top: _floored(cursor, floored, weighed, where, top),
            )


def _scored(cursor, terms, idfs, statistics, where, limit):
    sql = _SQL.format(
        weights=", ".join(["(%s, %s)"] * len(terms)),
        terms=", ".join(["%s"] * len(terms)),
        bm25=bm25_sql("f.frequency", "w.idf"),
        where=where[0],
    )
    weights = [value for term, idf in zip(terms, idfs, strict=True) for value in (term, idf)]
    params = [*weights, TITLE_WEIGHT, *terms, statistics.average_length, *where[1], limit]
    cursor.execute(sql, params)
    return cursor.fetchall()


def _floored(cursor, floored, weighed, where, limit):
    match = _any_of(floored)
    if weighed:
        match = f"({match}) NOT ({_any_of(weighed)})"
    cursor.execute(_FLOOR_SQL.format(where=where[0]), [match, *where[1], limit])
    return cursor.fetchall()


def _any_of(terms):
    """FTS5 query for any of the terms (letters and digits: quoted, they are plain strings)."""
    return " OR ".join(f'"{term}"' for term in terms)


def _document_frequencies(cursor, terms, scope):
    """{term: documents of the scope holding it}."""
    sql = _DOCUMENT_FREQUENCIES_SQL.format(terms=", ".join(["%s"] * len(terms)), scope=scope[0])
    cursor.execute(sql, [*terms, *scope[1]])
    return dict(cursor.fetchall())
