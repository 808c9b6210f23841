"""Full text is scored in each process from the documents' analysed terms (``search_title``
and ``search_body`` on SQLite, ``search_vector`` on PostgreSQL): the SQLite FTS5 table, its
triggers and its vocabulary table, and PostgreSQL's GIN index, are no longer read."""

import importlib

from django.db import migrations

fulltext = importlib.import_module("search.migrations.0002_fulltext")
every_word = importlib.import_module("search.migrations.0004_fulltext_every_word")
fulltext_terms = importlib.import_module("search.migrations.0005_fulltext_terms")

FORWARD = {
    "sqlite": [
        fulltext_terms.BACKWARD,
        *fulltext.SQLITE_BACKWARD,
    ],
    "postgresql": ["DROP INDEX IF EXISTS search_document_vector_gin"],
}
BACKWARD = {
    "sqlite": [
        *fulltext.SQLITE_FORWARD,
        "INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')",
        fulltext_terms.FORWARD,
    ],
    "postgresql": [
        "CREATE INDEX IF NOT EXISTS search_document_vector_gin "
        "ON search_indexeddocument USING GIN (search_vector)"
    ],
}


class Migration(migrations.Migration):
    dependencies = [("search", "0005_fulltext_terms")]

    operations = [
        migrations.RunPython(
            every_word.run_for_vendor(FORWARD), every_word.run_for_vendor(BACKWARD), elidable=False
        )
    ]
