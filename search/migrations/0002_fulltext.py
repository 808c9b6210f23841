"""Full-text index of the documents: FTS5 on SQLite, a tsvector with GIN index on PostgreSQL.

Both are kept in step with ``search_indexeddocument`` by triggers. Other databases get
neither (the embedded engine refuses to run on them).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_document_fts USING fts5(
        search_title, search_body,
        content='search_indexeddocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_indexeddocument BEGIN
        INSERT INTO search_document_fts(rowid, search_title, search_body)
        VALUES (new.id, new.search_title, new.search_body);
    END
    """,
    """
    CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_indexeddocument BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
    END
    """,
    """
    CREATE TRIGGER search_document_fts_update
    AFTER UPDATE OF search_title, search_body ON search_indexeddocument BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
        INSERT INTO search_document_fts(rowid, search_title, search_body)
        VALUES (new.id, new.search_title, new.search_body);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
    "DROP TABLE IF EXISTS search_document_fts",
]

POSTGRES_FORWARD = [
    "ALTER TABLE search_indexeddocument ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION search_document_tsvector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.search_title, '')), 'A')
            || setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.search_body, '')), 'B');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER search_document_tsvector_update
    BEFORE INSERT OR UPDATE OF search_title, search_body, search_config
    ON search_indexeddocument
    FOR EACH ROW EXECUTE FUNCTION search_document_tsvector()
    """,
    "CREATE INDEX search_document_vector_gin ON search_indexeddocument USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "DROP TRIGGER IF EXISTS search_document_tsvector_update ON search_indexeddocument",
    "DROP FUNCTION IF EXISTS search_document_tsvector()",
    "ALTER TABLE search_indexeddocument DROP COLUMN IF EXISTS search_vector",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


def _run(direction):
    def run(apps, schema_editor):
        statements = STATEMENTS.get(schema_editor.connection.vendor)
        if statements is None:
            return
        for statement in statements[direction]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(0), _run(1), elidable=False)]
