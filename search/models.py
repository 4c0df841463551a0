"""The search index: one row per indexed object, whatever its model (``search.index``).

Two tables, so that the one read for every match stays narrow (on SQLite a row of 5 KB
fills a database page of its own, and ranking 10,000 matches would read 10,000 pages):
``Entry`` filters and ranks, ``EntryText`` matches and is shown.

The terms are written by ``search.index`` from the object's ``search_document()``; the
databases only match them:

- on SQLite, the FTS5 table ``search_entrytext_fts`` (external content: ``terms`` of
  ``EntryText``, rowid = entry id), kept in step by three triggers
  (``search/migrations/0002_full_text.py``);
- on PostgreSQL, the narrow table ``search_entryvector`` (entry id, ``search_vector``:
  ``array_to_tsvector`` of ``terms``, the terms as they are, no parser, no dictionary) and
  its GIN index, kept in step by triggers on ``search_entrytext``
  (``search/migrations/0003_narrow_vector.py``; a generated column of ``EntryText`` before).

Neither is a model field: Django never writes them. A migration that makes Django rebuild
``search_entrytext`` on SQLite (most ``AlterField``) drops the triggers with the old table:
create them again in that migration (``SQLITE_TRIGGERS`` of 0002) and run
``manage.py reindex``. (PostgreSQL alters tables in place: its triggers stay.)
"""

from django.db import models


class Entry(models.Model):
    """One object of the index (its ``search.index.register`` kind and primary key): what
    filters and ranks it. ``title_terms`` and ``summary_terms``: the distinct terms of the
    title, and of the summary and authors, each surrounded by spaces (``" quarti renov "``)."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    published = models.BooleanField(default=True)
    date = models.DateField(null=True, blank=True)
    title_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)

    class Meta:
        verbose_name = "entrée de l’index de recherche"
        verbose_name_plural = "entrées de l’index de recherche"
        # Written by code only, never edited in the admin: no permissions to hand out.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_object"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class EntryText(models.Model):
    """An entry's texts: ``terms`` (every distinct term of the document, space-separated,
    sorted: what is matched), and ``title``, ``summary``, ``body``, ``url`` as written, for
    result lists across kinds (``search_all``) and their snippets."""

    entry = models.OneToOneField(
        Entry, on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    terms = models.TextField(blank=True)
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = "texte d’une entrée de l’index"
        verbose_name_plural = "textes des entrées de l’index"
        default_permissions = ()

    def __str__(self):
        return self.title
