"""The search index: one row per indexed object, whatever its model (``search.index``).

The terms are written by ``search.index`` from the object's ``search_document()``; the
databases only match them:

- on SQLite, the FTS5 table ``search_entry_fts`` (external content: ``terms`` of this table),
  kept in step by three triggers (``search/migrations/0002_full_text.py``);
- on PostgreSQL, the generated column ``search_vector`` (``array_to_tsvector`` of ``terms``:
  the terms as they are, no parser, no dictionary) and its GIN index, same migration.

Neither is a model field: Django never writes them. A migration that makes Django rebuild
this table on SQLite (most ``AlterField``) drops the triggers with the old table: add them
again in that migration (``search.migrations.0002_full_text.SQLITE_TRIGGERS``), and run
``manage.py reindex``.
"""

from django.db import models


class Entry(models.Model):
    """One object of the index: what to match, how to rank, what to show.

    - ``kind``, ``object_id``: the object (``search.index.register``'s kind, its primary key);
    - ``published``: whether visitors may find it;
    - ``date``: the document's date (ties are ordered newest first), or null;
    - ``title``, ``summary``, ``body``, ``url``: the document as written, for result lists
      across kinds (``search_all``) and their snippets;
    - ``title_terms``, ``summary_terms``: the distinct terms of the title, and of the summary
      and authors, each surrounded by spaces (``" quarti renov "``) for the rank;
    - ``terms``: the distinct terms of the whole document, space-separated: what is matched.
    """

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    published = models.BooleanField(default=True)
    date = models.DateField(null=True, blank=True)
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    title_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)

    class Meta:
        verbose_name = "entrée de l’index de recherche"
        verbose_name_plural = "entrées de l’index de recherche"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_object"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
