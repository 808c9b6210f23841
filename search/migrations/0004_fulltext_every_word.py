"""Full text counts every word on PostgreSQL as it does in SQLite FTS5.

The tsvector of a document also holds the words its text search configuration leaves out
(stop words), unstemmed, weighted C (title) and D (text) beside the stemmed words (A and B):
a question made mostly of such words ("no recuerdo mi clave de acceso") otherwise matches
nothing at all. ``search_length`` is the number of words of a document, the length BM25
needs, which FTS5 keeps for itself and PostgreSQL does not.
"""

from django.db import migrations, models

STOP_WORDS_FUNCTION = """
CREATE OR REPLACE FUNCTION search_stop_words(config regconfig, body text) RETURNS tsvector AS $$
    SELECT ts_delete(words, ARRAY(
        SELECT word FROM unnest(tsvector_to_array(words)) AS word
        WHERE to_tsvector(config, word) <> ''::tsvector
    ))
    FROM to_tsvector('simple', body) AS words
$$ LANGUAGE sql STABLE
"""

TSVECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION search_document_tsvector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.search_title, '')), 'A')
        || setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.search_body, '')), 'B')
        {stop_words};
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

STOP_WORDS = """
        || setweight(search_stop_words(NEW.search_config::regconfig, coalesce(NEW.search_title, '')), 'C')
        || setweight(search_stop_words(NEW.search_config::regconfig, coalesce(NEW.search_body, '')), 'D')"""

# Fires the trigger on every row: the vectors are built again.
REBUILD = "UPDATE search_indexeddocument SET search_config = search_config"

# Title and text are words with one space between them.
WORDS = "trim(search_title || ' ' || search_body)"
LENGTHS = {
    "postgresql": f"""
        UPDATE search_indexeddocument
        SET search_length = coalesce(cardinality(string_to_array(nullif({WORDS}, ''), ' ')), 0)
    """,
    "sqlite": f"""
        UPDATE search_indexeddocument SET search_length = CASE WHEN {WORDS} = '' THEN 0
            ELSE length({WORDS}) - length(replace({WORDS}, ' ', '')) + 1 END
    """,
}

FORWARD = {
    "postgresql": [
        LENGTHS["postgresql"],
        STOP_WORDS_FUNCTION,
        TSVECTOR_FUNCTION.format(stop_words=STOP_WORDS),
        REBUILD,
    ],
    "sqlite": [LENGTHS["sqlite"]],
}
BACKWARD = {
    "postgresql": [
        TSVECTOR_FUNCTION.format(stop_words=""),
        REBUILD,
        "DROP FUNCTION IF EXISTS search_stop_words(regconfig, text)",
    ],
}


def run_for_vendor(statements):
    """A RunPython function executing ``statements[database vendor]`` (none for others)."""

    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_pending_sync")]

    operations = [
        # A plain ADD COLUMN: Django would rebuild the table on SQLite, and with it drop the
        # triggers that keep the FTS5 index in step (migration 0002).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE search_indexeddocument ADD COLUMN search_length integer "
                    "NOT NULL DEFAULT 0 CHECK (search_length >= 0)",
                    "ALTER TABLE search_indexeddocument DROP COLUMN search_length",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="indexeddocument",
                    name="search_length",
                    field=models.PositiveIntegerField(default=0),
                )
            ],
        ),
        migrations.RunPython(run_for_vendor(FORWARD), run_for_vendor(BACKWARD), elidable=False),
    ]
