"""SQLite: each document stores its stemmed, folded terms, from our Snowball analyzer of its
language, in ``search_title`` and ``search_body``; queries are stemmed by the same analyzer."""

import collections

from django.db import connection

from ...fusion import TITLE_WEIGHT
from ...text import analyzer


class SQLiteFullText:
    name = "sqlite"

    def document_fields(self, language, title, body):
        """Columns of ``IndexedDocument`` that hold the analysed text."""
        language_analyzer = analyzer(language)
        title_terms, body_terms = language_analyzer.terms(title), language_analyzer.terms(body)
        return {
            "search_title": " ".join(title_terms),
            "search_body": " ".join(body_terms),
            "search_config": "simple",
            "search_length": len(title_terms) + len(body_terms),
        }

    def query_terms(self, languages, query_words):
        """The terms of the query words in each of the languages."""
        stems = (analyzer(language).stem(word) for language in languages for word in query_words)
        return [stem for stem in dict.fromkeys(stems) if stem]

    def document_terms(self, namespace, language):
        """``(document id, length, {term: frequency})`` of the documents of a language."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, search_length, search_title, search_body FROM search_indexeddocument "
                "WHERE namespace = %s AND language = %s",
                [namespace, language],
            )
            for document_id, length, title, body in cursor.fetchall():
                frequencies = collections.Counter(body.split())
                for term in title.split():
                    frequencies[term] += TITLE_WEIGHT
                yield document_id, length, frequencies
