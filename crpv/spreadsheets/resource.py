"""The base of a model's spreadsheet resource: its columns, and its export in few queries.

A model gets import and export by subclassing ``SpreadsheetResource``: one django-import-export
field per column (French header, model attribute, cell widget), ``column_help`` (what each
column holds, shown on the admin's import page, in the file's order) and a ``Meta`` naming the
model, ``fields`` and the key column (``import_id_fields``). Optional hooks tune the import
(``importer``): ``check_instance``, ``checked_by_widgets``, ``history``, ``summary_noun``,
``title_attribute``.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from import_export import resources, widgets

from crpv.content import related
from crpv.spreadsheets.widgets import DateWidget, DecimalWidget, IntegerWidget
from crpv.spreadsheets.write import Sheet


class SpreadsheetResource(resources.ModelResource):
    """A model's file format. Its columns come in ``column_help``'s order."""

    # Column → what it holds, in French, in the file's order.
    column_help: dict[str, str] = {}
    # Columns accepted on import and not read: what the model's open data adds to the columns.
    ignored_columns: tuple[str, ...] = ()
    # Counted in the import's summary, (singular, plural) and gender: « 3 centres créés ».
    summary_noun = ("ligne", "lignes")
    summary_feminine = True
    # The attribute shown beside the key in the import's preview.
    title_attribute = "name"
    # Attributes whose widget already ran the model field's own check (skipped when validating).
    checked_by_widgets: tuple[str, ...] = ()
    # The model's HistoricalRecords (django-simple-history), or None: imports then record a
    # version of each object written.
    history = None

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return tuple(cls.column_help)

    def many_to_many(self):
        """Return the export fields whose cells name related objects."""
        return [
            field
            for field in self.get_export_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget)
        ]

    def export(self, queryset=None, export_fields=None, derived=None, verbatim=(), **kwargs):
        """Return the objects of ``queryset`` (all by default, or a list) as a ``Sheet``.

        ``derived`` maps extra headers to functions of an object, written after the columns
        (the open data's computed fields); ``verbatim`` names columns never escaped. Runs a
        fixed number of queries: django-import-export's loop builds a queryset per object for
        each many-to-many cell; this one reads them from the prefetch.
        """
        columns = self.get_export_fields(export_fields)
        derived = derived or {}
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        m2m = {field.attribute for field in self.many_to_many()}
        if isinstance(queryset, QuerySet):
            # iterator() honours prefetch_related when given a chunk size.
            queryset = queryset.prefetch_related(*m2m).iterator(chunk_size=2000)
        rows = []
        for obj in queryset:
            row = [
                field.widget.render(
                    related(obj, a) if (a := field.attribute) in m2m else getattr(obj, a)
                )
                for field in columns
            ]
            rows.append(row + [function(obj) for function in derived.values()])
        kinds = {f.column_name: type(f.widget) for f in columns}
        return Sheet(
            headers=[*kinds, *derived],
            rows=rows,
            numbers=frozenset(
                c for c, kind in kinds.items() if issubclass(kind, IntegerWidget | DecimalWidget)
            ),
            dates=frozenset(c for c, kind in kinds.items() if issubclass(kind, DateWidget)),
            verbatim=frozenset(verbatim),
        )

    def check_instance(self, instance, cleaned, messages):
        """Add to ``messages`` (attribute → French texts) what ``instance.clean()`` finds.

        Called by the importer for each row, after the fields' own checks (already in
        ``messages``); ``cleaned`` holds the values read from the row. Override to check
        without a query per row.
        """
        try:
            instance.clean()
        except ValidationError as error:
            for attribute, errors in error.update_error_dict({}).items():
                # Each is a ValidationError (whose str() is a list's repr): its messages.
                texts = (m for e in errors for m in getattr(e, "messages", [e]))
                messages.setdefault(attribute, []).extend(texts)

    def after_save(self, objects):
        """Called by the importer once ``objects`` (created and changed, many-to-many values
        written) are saved, inside the import's transaction: override to update what is
        derived from them, since bulk writes send no signal."""
