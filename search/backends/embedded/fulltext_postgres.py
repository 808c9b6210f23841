"""PostgreSQL: each document stores a weighted tsvector in the text search configuration of
its language ('simple' where PostgreSQL has none), made by the trigger of migrations 0002
and 0004 from the folded words of its title (stems weight A, words the configuration leaves
out, such as stop words, weight C) and its text (B and D). Every word counts, as on SQLite.

Query words are analysed by the same configuration: their stems match the stems of the
document, and the words the configuration leaves out match those words.
"""

import re
import threading

from django.db import connection

from ...fusion import TITLE_WEIGHT
from ...text import SNOWBALL_LANGUAGES, base_language, words

#: Most (configuration, word) analyses kept in memory.
ANALYSES_CACHED = 50_000

_configs = None
_analyses = {}  # (configuration, folded word) -> its lexemes; () for a stop word
_lock = threading.Lock()

# One entry of a tsvector's text form: 'lexeme':positions, each position followed by its
# weight letter, none for D ("'card':3A,7B,12"). Quotes and backslashes come doubled.
_ENTRY = re.compile(r"'((?:[^']|'')*)':([0-9A-D,]+)")


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

    def query_terms(self, languages, query_words):
        """``(term, is a left-out word)`` of the query words in each language's configuration."""
        configs = sorted({text_search_config(language) for language in languages})
        return _terms(configs, list(dict.fromkeys(query_words)))

    def document_terms(self, namespace, language):
        """``(document id, length, {(term, is a left-out word): frequency})`` of the documents
        of a language, from their tsvectors: the title's stems (A) and left-out words (C)
        count ``TITLE_WEIGHT`` times, the text's (B, D) once. Read as text, which takes half
        the time of a row per term."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, search_length, search_vector::text FROM search_indexeddocument "
                "WHERE namespace = %s AND language = %s",
                [namespace, language],
            )
            rows = cursor.fetchall()
        for document_id, length, vector in rows:
            terms = {}
            for lexeme, positions in _ENTRY.findall(vector or ""):
                lexeme = lexeme.replace("''", "'").replace("\\\\", "\\")
                title, text, left_title = (positions.count(weight) for weight in "ABC")
                left_text = positions.count(",") + 1 - title - text - left_title
                if title or text:
                    terms[lexeme, False] = title * TITLE_WEIGHT + text
                if left_title or left_text:
                    terms[lexeme, True] = left_title * TITLE_WEIGHT + left_text
            yield document_id, length, terms


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
