"""PostgreSQL: the terms' ``tsvector`` in a narrow table of its own, ``search_entryvector``.

In ``search_entrytext`` the vector sat beside the title, summary and body (43 MB for 22,000
entries): a word found nearly everywhere made PostgreSQL read all of it to match. Alone with
its entry id the vector takes 10 MB, and matching « quartier » in 20,000 entries went from
19–25 ms to 6–7 ms (benchmarks/README.md, « Site search »). Kept in step with
``search_entrytext`` by triggers, as SQLite's FTS5 table is: insert and update of ``terms``,
delete, and ``TRUNCATE`` (which Django's test runner uses to empty tables). SQLite: nothing.
"""

from django.db import migrations

POSTGRESQL = [
    "CREATE TABLE search_entryvector ("
    "entry_id bigint PRIMARY KEY, search_vector tsvector NOT NULL)",
    # array_to_tsvector takes the terms as lexemes, untouched (no parser, no dictionary), as
    # the generated column of 0002 did.
    "INSERT INTO search_entryvector (entry_id, search_vector) "
    "SELECT entry_id, array_to_tsvector(string_to_array(terms, ' ')) FROM search_entrytext",
    "CREATE INDEX search_entryvector_vector ON search_entryvector USING gin (search_vector)",
    """CREATE FUNCTION search_entryvector_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_entryvector WHERE entry_id = OLD.entry_id;
        RETURN NULL;
    END IF;
    INSERT INTO search_entryvector (entry_id, search_vector)
    VALUES (NEW.entry_id, array_to_tsvector(string_to_array(NEW.terms, ' ')))
    ON CONFLICT (entry_id) DO UPDATE SET search_vector = EXCLUDED.search_vector;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER search_entryvector_write AFTER INSERT OR DELETE OR UPDATE OF terms "
    "ON search_entrytext FOR EACH ROW EXECUTE FUNCTION search_entryvector_write()",
    """CREATE FUNCTION search_entryvector_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE search_entryvector;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER search_entryvector_truncate AFTER TRUNCATE ON search_entrytext "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_entryvector_truncate()",
    "DROP INDEX search_entrytext_vector",
    "ALTER TABLE search_entrytext DROP COLUMN search_vector",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE search_entrytext ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(string_to_array(terms, ' '))) STORED",
    "CREATE INDEX search_entrytext_vector ON search_entrytext USING gin (search_vector)",
    "DROP TRIGGER search_entryvector_truncate ON search_entrytext",
    "DROP FUNCTION search_entryvector_truncate()",
    "DROP TRIGGER search_entryvector_write ON search_entrytext",
    "DROP FUNCTION search_entryvector_write()",
    "DROP TABLE search_entryvector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
