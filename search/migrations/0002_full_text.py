"""The full-text side of ``search.EntryText``, one per database (``search/models.py``).

SQLite: an FTS5 table over ``terms`` (external content, so the text is stored once) and the
triggers that keep it in step with every insert, update and delete of ``search_entrytext``.
PostgreSQL: a generated ``tsvector`` column of the terms as they are, and its GIN index.
"""

from django.db import migrations

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE search_entrytext_fts USING fts5("
    "terms, content='search_entrytext', content_rowid='entry_id', tokenize='ascii')"
)
SQLITE_TRIGGERS = [
    "CREATE TRIGGER search_entrytext_fts_insert AFTER INSERT ON search_entrytext BEGIN "
    "INSERT INTO search_entrytext_fts(rowid, terms) VALUES (new.entry_id, new.terms); END",
    "CREATE TRIGGER search_entrytext_fts_delete AFTER DELETE ON search_entrytext BEGIN "
    "INSERT INTO search_entrytext_fts(search_entrytext_fts, rowid, terms) "
    "VALUES ('delete', old.entry_id, old.terms); END",
    "CREATE TRIGGER search_entrytext_fts_update AFTER UPDATE OF terms ON search_entrytext BEGIN "
    "INSERT INTO search_entrytext_fts(search_entrytext_fts, rowid, terms) "
    "VALUES ('delete', old.entry_id, old.terms); "
    "INSERT INTO search_entrytext_fts(rowid, terms) VALUES (new.entry_id, new.terms); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_entrytext_fts_insert",
    "DROP TRIGGER IF EXISTS search_entrytext_fts_delete",
    "DROP TRIGGER IF EXISTS search_entrytext_fts_update",
    "DROP TABLE IF EXISTS search_entrytext_fts",
]

POSTGRESQL = [
    # array_to_tsvector takes the terms as lexemes, untouched: no parser, no dictionary, so
    # PostgreSQL matches exactly what SQLite matches. Both functions are immutable.
    "ALTER TABLE search_entrytext ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(string_to_array(terms, ' '))) STORED",
    "CREATE INDEX search_entrytext_vector ON search_entrytext USING gin (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entrytext_vector",
    "ALTER TABLE search_entrytext DROP COLUMN IF EXISTS search_vector",
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
