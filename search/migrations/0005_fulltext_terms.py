"""Every occurrence of every term in the SQLite FTS5 index, as a table (``fts5vocab``).

BM25 is computed from it over the namespace and languages searched, as on PostgreSQL:
FTS5's own ``bm25()`` counts every row of its table in its statistics.
"""

from django.db import migrations

FORWARD = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_document_fts_terms "
    "USING fts5vocab(search_document_fts, instance)"
)
BACKWARD = "DROP TABLE IF EXISTS search_document_fts_terms"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_fulltext_every_word")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
