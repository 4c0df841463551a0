"""The full-text side of ``search.Entry``, one per database (``search/models.py``).

SQLite: an FTS5 table over ``terms`` (external content, so the text is stored once) and the
triggers that keep it in step with every insert, update and delete of ``search_entry``.
PostgreSQL: a generated ``tsvector`` column of the terms as they are, and its GIN index.
"""

from django.db import migrations

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5("
    "terms, content='search_entry', content_rowid='id', tokenize='ascii')"
)
SQLITE_TRIGGERS = [
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE OF terms ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_entry_fts(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TABLE IF EXISTS search_entry_fts",
]

POSTGRESQL = [
    # array_to_tsvector takes the terms as lexemes, untouched: no parser, no dictionary, so
    # PostgreSQL matches exactly what SQLite matches. Both functions are immutable.
    "ALTER TABLE search_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(string_to_array(terms, ' '))) STORED",
    "CREATE INDEX search_entry_vector ON search_entry USING gin (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entry")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": [SQLITE_TABLE, *SQLITE_TRIGGERS], "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
