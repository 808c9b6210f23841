"""PostgreSQL full-text search: a weighted tsvector per document in the text search
configuration of its language ('simple' where PostgreSQL has none), GIN-indexed."""

import threading

from django.db import connection

from ...fusion import TITLE_WEIGHT
from ...text import SNOWBALL_LANGUAGES, base_language, words
from .fulltext import LEXICAL_LIMIT, filter_sql

_configs = None
_lock = threading.Lock()


def text_search_config(language):
    """PostgreSQL's configuration for a language code, e.g. "de" → "german"."""
    global _configs
    with _lock:
        if _configs is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT cfgname FROM pg_ts_config")
                _configs = {row[0] for row in cursor.fetchall()}
    name = SNOWBALL_LANGUAGES.get(base_language(language), "simple")
    return name if name in _configs else "simple"


class PostgresFullText:
    name = "postgresql"

    def document_fields(self, language, title, body):
        """Folded words (lower case, no diacritics), as queries are folded; the trigger from
        migration 0002 stems them in the language's configuration into the tsvector."""
        return {
            "search_title": " ".join(words(title)),
            "search_body": " ".join(words(body)),
            "search_config": text_search_config(language),
        }

    def search(self, namespace, languages, query_words, filters, limit=LEXICAL_LIMIT):
        """[(document id, score)] for documents matching any of the words, best first."""
        if not query_words:
            return []
        configs = sorted({text_search_config(language) for language in languages})
        # One OR query per configuration, joined: a constant the GIN index can use.
        text = " or ".join(query_words)
        tsquery = " || ".join(["websearch_to_tsquery(%s::regconfig, %s)"] * len(configs))
        query_params = [value for config in configs for value in (config, text)]
        conditions, params = filter_sql(filters)
        conditions = ["d.search_vector @@ q.query", "d.namespace = %s"] + conditions
        conditions.append(f"d.language IN ({', '.join(['%s'] * len(languages))})")
        # Weight A (title) against B (text) as in TITLE_WEIGHT; rank divided by 1 + log(length).
        sql = (
            "SELECT d.id, ts_rank(%s::float4[], d.search_vector, q.query, 1) AS score "
            f"FROM search_indexeddocument d, (SELECT {tsquery} AS query) q "
            f"WHERE {' AND '.join(conditions)} ORDER BY score DESC LIMIT %s"
        )
        weights = [0.0, 0.0, 1.0 / TITLE_WEIGHT, 1.0]  # D, C, B, A
        with connection.cursor() as cursor:
            cursor.execute(sql, [weights, *query_params, namespace, *params, *languages, limit])
            return cursor.fetchall()
