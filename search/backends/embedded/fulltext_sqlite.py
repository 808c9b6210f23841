"""SQLite FTS5: an external-content table over the documents' stemmed terms, ranked by BM25."""

from django.db import connection

from ...fusion import TITLE_WEIGHT
from ...text import analyzer
from .fulltext import LEXICAL_LIMIT, filter_sql


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
        """[(document id, score)] for documents matching any of the words, best first."""
        terms = sorted({analyzer(lang).stem(word) for lang in languages for word in query_words})
        if not terms:
            return []
        match = " OR ".join(f'"{term}"' for term in terms)  # terms are letters and digits
        conditions, params = filter_sql(filters)
        conditions = ["search_document_fts MATCH %s", "d.namespace = %s"] + conditions
        conditions.append(f"d.language IN ({', '.join(['%s'] * len(languages))})")
        sql = (
            "SELECT d.id, -bm25(search_document_fts, %s, 1.0) AS score "
            "FROM search_document_fts JOIN search_indexeddocument d "
            "ON d.id = search_document_fts.rowid "
            f"WHERE {' AND '.join(conditions)} ORDER BY score DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [TITLE_WEIGHT, match, namespace, *params, *languages, limit])
            return cursor.fetchall()
