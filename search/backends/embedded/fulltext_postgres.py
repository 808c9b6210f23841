"""PostgreSQL full-text search: a weighted tsvector per document in the text search
configuration of its language ('simple' where PostgreSQL has none), GIN-indexed.

Matching documents are scored by BM25 as SQLite FTS5 scores them, so that both databases
hand fusion the same kind of score (PostgreSQL's own ``ts_rank`` does not weigh a word by
how rare it is):

* terms: the query words' stems in the language's configuration, matched against the
  stemmed words of the title (weight A) and text (B); and the query words that the
  configuration leaves out (stop words), matched against those words of the title (C) and
  text (D), which migration 0004 keeps in the tsvector. Every word counts, as in FTS5.
* a term's frequency in a document: its occurrences in the title ``TITLE_WEIGHT`` times,
  plus those in the text (``ts_rank_cd`` of the term alone, with these weights, is that
  sum). A term in half the documents or more has FTS5's floor weight (1e-6): it adds next to
  nothing, so documents that hold only such terms are matched with a score of 0, shortest
  first (as BM25 would order them for one occurrence).
* statistics of the namespace and languages searched (filters only hide results): number
  of documents, their average length, each term's document frequency; kept in memory until
  the index generation of the namespace and languages moves. A document's length is its
  number of words (``search_length``), as FTS5 counts tokens.
"""

import threading

from django.db import connection

from ...fusion import TITLE_WEIGHT
from ...text import SNOWBALL_LANGUAGES, base_language, words
from .fulltext import LEXICAL_LIMIT, bm25_ranked, bm25_sql, filter_sql, scope_sql

#: Most (configuration, word) analyses kept in memory.
ANALYSES_CACHED = 50_000

_configs = None
_analyses = {}  # (configuration, folded word) -> its lexemes; () for a stop word
_lock = threading.Lock()

# Weights of ts_rank_cd, in PostgreSQL's order {D, C, B, A}: a term is either a stem (A, B)
# or a stop word (C, D), the title counting TITLE_WEIGHT times the text.
_STEM_WEIGHTS = "'{{0, 0, {text}, 1}}'::float4[]"
_STOP_WORD_WEIGHTS = "'{{{text}, 1, 0, 0}}'::float4[]"

# Each document holding a weighed term is taken once and the frequencies of its terms read
# from its vector there ("OFFSET 0" keeps the planner from turning the loop inside out).
_SQL = """
SELECT d.id, sum({bm25}) AS score
FROM search_indexeddocument d CROSS JOIN LATERAL (
    SELECT u.idf, %s * ts_rank_cd(
        CASE WHEN u.stop_word THEN {stop_word_weights} ELSE {stem_weights} END,
        d.search_vector, u.query, 0
    )::float8 AS frequency
    FROM unnest(%s::tsquery[], %s::boolean[], %s::float8[]) AS u(query, stop_word, idf)
    WHERE d.search_vector @@ u.query
    OFFSET 0
) t
WHERE d.search_vector @@ %s::tsquery AND {where}
GROUP BY d.id ORDER BY score DESC, d.id LIMIT %s
"""

# Documents that hold only terms at the floor weight match all the same, scored 0, shortest
# first.
_FLOOR_SQL = """
SELECT d.id, 0.0 FROM search_indexeddocument d
WHERE d.search_vector @@ %s::tsquery AND {where} {weighed}
ORDER BY d.search_length, d.id LIMIT %s
"""

_DOCUMENT_FREQUENCIES_SQL = """
SELECT u.number, (
    SELECT count(*) FROM search_indexeddocument d WHERE d.search_vector @@ u.query AND {scope}
)
FROM unnest(%s::tsquery[]) WITH ORDINALITY AS u(query, number)
"""


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
        migrations 0002 and 0004 turns them into the tsvector in the language's
        configuration."""
        title_words, body_words = words(title), words(body)
        return {
            "search_title": " ".join(title_words),
            "search_body": " ".join(body_words),
            "search_config": text_search_config(language),
            "search_length": len(title_words) + len(body_words),
        }

    def search(self, namespace, languages, query_words, filters, limit=LEXICAL_LIMIT):
        """[(document id, BM25 score)] for documents matching any of the words, best first."""
        configs = sorted({text_search_config(language) for language in languages})
        terms = _terms(configs, list(dict.fromkeys(query_words)))
        if not terms:
            return []
        languages = sorted(set(languages))
        scope = scope_sql(namespace, languages)
        queries = [f"{_quoted(term)}:{'CD' if stop_word else 'AB'}" for term, stop_word in terms]
        conditions, filter_params = filter_sql(filters)
        where = (" AND ".join([scope[0], *conditions]), [*scope[1], *filter_params])
        with connection.cursor() as cursor:
            return bm25_ranked(
                cursor,
                namespace,
                languages,
                queries,
                limit,
                count=lambda missing: _document_frequencies(cursor, missing, scope),
                score=lambda weighed, idfs, statistics, top: _scored(
                    cursor, weighed, idfs, statistics, where, top
                ),
                floor=lambda floored, weighed, top: _floored(cursor, floored, weighed, where, top),
            )


def _scored(cursor, queries, idfs, statistics, where, limit):
    """[(document id, BM25 score)] of the best documents holding any of the terms."""
    text_weight = 1.0 / TITLE_WEIGHT
    sql = _SQL.format(
        bm25=bm25_sql("t.frequency", "t.idf"),
        where=where[0],
        stem_weights=_STEM_WEIGHTS.format(text=text_weight),
        stop_word_weights=_STOP_WORD_WEIGHTS.format(text=text_weight),
    )
    stop_words = [query.endswith(":CD") for query in queries]
    cursor.execute(
        sql,
        [
            statistics.average_length,
            TITLE_WEIGHT,
            queries,
            stop_words,
            idfs,
            " | ".join(queries),
            *where[1],
            limit,
        ],
    )
    return cursor.fetchall()


def _floored(cursor, floored, weighed, where, limit):
    """[(document id, 0.0)] of documents holding floored terms but none of the others."""
    sql = _FLOOR_SQL.format(
        where=where[0], weighed="AND NOT d.search_vector @@ %s::tsquery" if weighed else ""
    )
    params = [" | ".join(floored), *where[1], *([" | ".join(weighed)] if weighed else [])]
    cursor.execute(sql, [*params, limit])
    return cursor.fetchall()


def _terms(configs, query_words):
    """[(term, is a stop word)]: the stems of the words in each configuration, and the words
    that a configuration leaves out."""
    keys = [(config, word) for config in configs for word in query_words]
    analyses = {key: _analyses[key] for key in keys if key in _analyses}
    missing = [key for key in keys if key not in analyses]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c, w, tsvector_to_array(to_tsvector(c::regconfig, w)) "
                "FROM unnest(%s::text[], %s::text[]) AS t(c, w)",
                [[config for config, _word in missing], [word for _config, word in missing]],
            )
            found = {(config, word): tuple(lexemes) for config, word, lexemes in cursor}
        analyses.update(found)
        with _lock:
            if len(_analyses) > ANALYSES_CACHED:
                _analyses.clear()
            _analyses.update(found)
    stems, stop_words = {}, {}
    for config, word in keys:
        lexemes = analyses[config, word]
        if lexemes:
            stems.update(dict.fromkeys(lexemes))
        else:
            stop_words[word] = None
    return [(stem, False) for stem in stems] + [(word, True) for word in stop_words]


def _document_frequencies(cursor, queries, scope):
    """{term: documents of the scope holding it}."""
    cursor.execute(_DOCUMENT_FREQUENCIES_SQL.format(scope=scope[0]), [*scope[1], queries])
    return {queries[number - 1]: holding for number, holding in cursor.fetchall()}


def _quoted(term):
    """A lexeme as a tsquery operand."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
