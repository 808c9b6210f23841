"""Full-text search inside the site's database: SQLite FTS5 or PostgreSQL tsvector.

Both index one row per ``IndexedDocument`` (an article in one language); the tables,
triggers and indexes come from migration 0002. Query words arrive already cleaned (letters
and digits only), so no full-text syntax from shoppers ever reaches the database.
"""

from django.db import connection

#: How many articles the full-text side hands to fusion at most.
LEXICAL_LIMIT = 200


def full_text_index():
    """The full-text index for the database in use."""
    if connection.vendor == "postgresql":
        from .fulltext_postgres import PostgresFullText

        return PostgresFullText()
    if connection.vendor == "sqlite":
        from .fulltext_sqlite import SQLiteFullText

        return SQLiteFullText()
    raise NotImplementedError(
        f"The embedded search engine supports SQLite and PostgreSQL, not {connection.vendor}."
    )


def filter_sql(filters, alias="d"):
    """SQL conditions and parameters for the search filters."""
    conditions, params = [], []
    if filters.get("live") is not None:
        conditions.append(f"{alias}.live = %s")
        params.append(bool(filters["live"]))
    for name in ("kind", "category_id"):
        if name in filters:
            values = sorted(filters[name])
            conditions.append(f"{alias}.{name} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
    return conditions, params
