"""Importing a file all-or-nothing through a model's resource, for the admin and commands.

The columns and the reading of each cell are the resource's (its widgets); each object is then
checked the way the admin form checks it (``clean_fields``, then the resource's
``check_instance``, by default the model's ``clean``). Every row is validated before anything
is written, so an error anywhere leaves the database as it was and a dry run never touches it.
The writes then go in bulk inside one transaction: new objects with ``bulk_create``, changed
ones with ``bulk_update``, the many-to-many cells straight into their through tables. Each
object written also gets a version in its history when the resource names one
(django-simple-history), with the importing user and its many-to-many values, written in bulk
as well, and an entry in the admin's log. Lookups (objects of the file, related objects) are
loaded once per file, never once per row: see benchmarks/README.md.
"""

from collections import namedtuple
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from crpv.cache import invalidate
from crpv.content import through_columns
from crpv.spreadsheets.read import Table, TableError, read_table
from crpv.text import fold
from search import index as search_index

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
STATUS_LABELS = {NEW: "nouveau", UPDATED: "modifié", UNCHANGED: "inchangé", ERROR: "erreur"}
BATCH = 500


@dataclass
class RowError:
    """A problem with a file: its row (``line``), its column and a French message."""

    line: int  # row in the spreadsheet, the header being row 1; 0 for the whole file
    column: str
    message: str

    def __str__(self):
        where = f"ligne {self.line}" if self.line else "fichier"
        column = f", colonne «\u00a0{self.column}\u00a0»" if self.column else ""
        return f"{where}{column}\u00a0: {self.message}"


# A changed cell of a row: its column, the value before and after, as the widget writes them.
Change = namedtuple("Change", "column old new")


@dataclass
class RowResult:
    """What the import does with one row: ``status`` and the changes or errors behind it."""

    line: int
    key: str
    name: str
    status: str = UNCHANGED
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class ImportReport:
    """The outcome of an import: each row's result, every error, whether it was saved.

    ``new``, ``updated`` and ``unchanged`` count the rows of each status.
    """

    rows: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    saved: bool = False
    noun: tuple[str, str] = ("ligne", "lignes")
    feminine: bool = True
    # What reading the file found that the person may not have seen (hidden rows…).
    notes: list[str] = field(default_factory=list)
    # The version of each object that the file names and that exists, by key: its last
    # modification time (its first auto_now field), "" for a model without one. Kept with a
    # preview, so that its confirmation can refuse to overwrite an object edited since.
    versions: dict = field(default_factory=dict)
    # Whether the import was refused because an object of the file changed since its preview.
    stale: bool = False

    @property
    def ok(self):
        return not self.errors

    def __getattr__(self, status):
        if status not in (NEW, UPDATED, UNCHANGED):
            raise AttributeError(status)
        return sum(1 for row in self.rows if row.status == status)

    @property
    def summary(self):
        """Return « 2 centres créés, 1 centre modifié, aucun centre inchangé. », French plurals
        and agreement; before anything is saved, what the import would do."""
        counts = ", ".join(
            f"{french_count(n, self.noun, self.feminine)} {agree(participle, n, self.feminine)}"
            for n, participle in (
                (self.new, "créé"),
                (self.updated, "modifié"),
                (self.unchanged, "inchangé"),
            )
        )
        if self.saved:
            return f"{counts[0].upper()}{counts[1:]}."
        return f"Rien n’est encore enregistré\u00a0; l’import donnerait\u00a0: {counts}."


def french_count(n: int, noun: tuple[str, str], feminine=False) -> str:
    """Return « aucun centre », « 1 centre », « 2 centres »: in French, the singular below 2.

    ``noun``: (singular, plural).
    """
    if n == 0:
        return f"{'aucune' if feminine else 'aucun'} {noun[0]}"
    return f"{n} {noun[0] if n < 2 else noun[1]}"


def agree(participle: str, n: int, feminine=False) -> str:
    """Return a past participle agreed with ``n`` things: créé, créée, créés, créées."""
    return participle + ("e" if feminine else "") + ("s" if n >= 2 else "")


def normalize_header(header) -> str:
    """Return a header the way it is compared: ``Téléphone 2`` reads as ``telephone_2``."""
    return fold(str(header or "")).replace(" ", "_")


def check_headers(headers, columns, ignored=(), line=1) -> list[RowError]:
    """Return errors for unknown, missing or repeated ``columns``, naming the expected ones;
    ``line`` is the headers' row.

    ``ignored`` names columns that are accepted and not read (the derived fields that the
    public open data adds: its file is then imported back as it is).
    """
    names = [normalize_header(h) for h in headers]
    errors = []
    unknown = [
        str(h).strip() or "(sans titre)"
        for h, n in zip(headers, names, strict=True)
        if n not in columns and n not in ignored
    ]
    missing = [c for c in columns if c not in names]
    repeated = sorted({n for n in names if n in columns and names.count(n) > 1})
    for what, names in (("inconnues", unknown), ("manquantes", missing), ("en double", repeated)):
        if names:
            errors.append(RowError(line, "", f"colonnes {what}\u00a0: {', '.join(names)}."))
    if errors:
        expected = (
            "la première ligne non vide du fichier, sans titre au-dessus, doit nommer ces "
            f"colonnes\u00a0: {', '.join(columns)}."
        )
        errors.append(RowError(line, "", expected))
    return errors


def import_file(resource, content: bytes, **kwargs) -> ImportReport:
    """Read the file ``content`` and import it with ``import_table``.

    A file that cannot be read as a table gives a report with one file-level error (line 0).
    """
    try:
        table = read_table(content)
    except TableError as error:
        errors = [RowError(0, "", str(error))]
        return report_for(resource, errors=errors, dry_run=bool(kwargs.get("dry_run")))
    return import_table(resource, table, **kwargs)


def report_for(resource, **kwargs) -> ImportReport:
    """Return an ImportReport counting ``resource``'s objects (a SpreadsheetResource: its
    ``summary_noun`` and ``summary_feminine``), the other fields from ``kwargs`` (``errors``,
    ``dry_run``, ``notes``…): for an importer that refuses a file before reading its rows."""
    return ImportReport(noun=resource.summary_noun, feminine=resource.summary_feminine, **kwargs)


def import_table(
    resource, table: Table, *, dry_run=False, user=None, filename="", versions=None
) -> ImportReport:
    """Import every row of ``table`` with ``resource`` (a SpreadsheetResource), or none.

    Returns an ImportReport; any error, or ``dry_run``, leaves the database as it was. A row
    whose key exists updates that object, the others create objects; nothing is deleted.
    ``user`` and ``filename`` are recorded in the history and the admin's log. ``versions``,
    a preview's ``report.versions``: if an object that the file names was edited, created or
    deleted since that preview, nothing is saved and the report's error names it.
    """
    report = report_for(resource, dry_run=dry_run, notes=list(table.notes))
    report.errors = check_headers(
        table.headers, resource.columns(), resource.ignored_columns, table.header_row
    )
    if report.errors:
        return report
    plan = _Plan(resource, table)
    report.rows, report.errors, report.versions = plan.rows, plan.errors, plan.versions
    if report.errors or dry_run:
        return report
    try:
        with transaction.atomic():
            # Checked again here, rows locked where the database can: an edit made while the
            # rows were checked is not overwritten either.
            changed = [] if versions is None else plan.changed_since(versions)
            if changed:
                report.errors = [RowError(0, "", _changed_message(resource, changed))]
                report.stale = True
                return report
            plan.save(user=user, filename=filename)
            resource.after_save(plan.created + plan.updated)
            # Bulk writes send no signal: update the search index (registered models only)
            # and tell the public page cache ourselves.
            search_index.update_many(plan.created + plan.updated)
            invalidate()
    except DatabaseError as error:
        # Someone else changed the directory between the check and the save.
        message = (
            f"l’enregistrement a échoué et rien n’a été modifié ({error.__class__.__name__})"
            "\u00a0; réimportez le fichier."
        )
        report.errors = [RowError(0, "", message)]
        return report
    report.saved = True
    return report


def _changed_message(resource, rows, shown=10) -> str:
    """Return the French error of a confirmation refused because ``rows``' objects changed
    since the preview: « le centre « Labo Cités » (labo-cites) a changé depuis l’aperçu… »."""
    noun, feminine = resource.summary_noun, resource.summary_feminine
    names = ", ".join(
        f"«\u00a0{row.name}\u00a0» ({row.key})" if row.name else f"«\u00a0{row.key}\u00a0»"
        for row in rows[:shown]
    )
    if len(rows) > shown:
        names += f" et {french_count(len(rows) - shown, ('autre', 'autres'))}"
    if len(rows) > 1:
        subject = f"les {noun[1]} {names} ont"
    else:
        article = "l’" if noun[0][0] in "aeéèêiîoôuh" else ("la " if feminine else "le ")
        subject = f"{article}{noun[0]} {names} a"
    return (
        f"{subject} changé depuis l’aperçu (une modification, un ajout ou une suppression)"
        "\u00a0: rien n’a été enregistré, pour ne pas écraser ce changement. Choisissez de "
        "nouveau le fichier pour en voir un nouvel aperçu."
    )


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Plan:
    """The rows of a file checked against the database: what to create, change, or leave."""

    def __init__(self, resource, table: Table):
        self.resource = resource
        self.model = resource._meta.model
        self.columns = resource.columns()
        self.fields = {f.column_name: f for f in resource.get_import_fields()}
        self.column_of = {f.attribute: f.column_name for f in self.fields.values()}
        self.m2m = [f.attribute for f in resource.many_to_many()]
        self.plain = [f.attribute for f in self.fields.values() if f.attribute not in self.m2m]
        self.key_column = resource._meta.import_id_fields[0]
        self.key = self.fields[self.key_column].attribute
        self.rows: list[RowResult] = []
        self.errors: list[RowError] = []
        self.creates: list[tuple[object, dict]] = []
        self.updates: list[tuple[object, dict, set]] = []

        headers = [normalize_header(h) for h in table.headers]
        records = [
            (number, dict(zip(headers, cells, strict=False))) for number, cells in table.rows
        ]
        # The model's last-modification field, if any: an object's version.
        self.stamp = next(
            (f.attname for f in self.model._meta.fields if getattr(f, "auto_now", False)), None
        )
        self._load_existing(records)
        self.versions = {key: self._version(obj) for key, obj in self.existing.items()}
        # What reading found wrong: a row's shape, a cell the spreadsheet could not compute.
        read_errors = {}
        for number, message in table.row_errors:
            read_errors.setdefault(number, []).append(RowError(number, "", message))
        for number, header, message in table.cell_errors:
            column = normalize_header(header)
            column = column if column in self.fields else str(header)
            read_errors.setdefault(number, []).append(RowError(number, column, message))
        seen = {}
        for number, values in records:
            row = self._check_row(number, values, seen)
            if number in read_errors:
                # One message per cell: the widget's own about the same cell is dropped.
                columns = {error.column for error in read_errors[number] if error.column}
                others = [error for error in row.errors if error.column not in columns]
                row.errors = read_errors[number] + others
                row.status = ERROR
            self.rows.append(row)
            self.errors.extend(row.errors)

    def _order(self, column):
        return self.columns.index(column) if column in self.columns else -1

    # Loading, once per file ------------------------------------------------------------

    def _load_existing(self, records):
        key_widget = self.fields[self.key_column].widget
        keys = {key_widget.clean(values.get(self.key_column)) for _n, values in records} - {""}
        manager = self.model._default_manager
        self.existing = {}
        for chunk in _chunks(keys):
            self.existing.update(
                (getattr(obj, self.key), obj)
                for obj in manager.filter(**{f"{self.key}__in": chunk})
            )
        self.current = {name: {} for name in self.m2m}
        ids = [obj.pk for obj in self.existing.values()]
        for name in self.m2m:
            through, source, target = through_columns(self.model, name)
            links = through.objects.values_list(source, target)
            for chunk in _chunks(ids):
                for obj_id, target_id in links.filter(**{f"{source}__in": chunk}):
                    self.current[name].setdefault(obj_id, set()).add(target_id)

    def _version(self, obj) -> str:
        return getattr(obj, self.stamp).isoformat() if self.stamp else ""

    def changed_since(self, versions) -> list[RowResult]:
        """Return the rows whose object is not, in the database, at its version in
        ``versions`` (key → version, a preview's): edited, created or deleted since. Inside a
        transaction, the objects stay locked until it ends (PostgreSQL)."""
        keys = [row.key for row in self.rows if row.key]
        fields = {self.key, self.stamp or self.key}
        objects = self.model._default_manager.select_for_update().only(*fields)
        now = {
            getattr(obj, self.key): self._version(obj)
            for chunk in _chunks(keys)
            for obj in objects.filter(**{f"{self.key}__in": chunk})
        }
        return [row for row in self.rows if row.key and now.get(row.key) != versions.get(row.key)]

    # Checking a row ----------------------------------------------------------------------

    def _check_row(self, number, values, seen) -> RowResult:
        errors, cleaned = [], {}
        for column, fld in self.fields.items():
            try:
                cleaned[fld.attribute] = fld.widget.clean(values.get(column, ""), row=values)
            except (ValueError, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                errors.append(RowError(number, column, message))
        key = cleaned.get(self.key, "")
        title = cleaned.get(self.resource.title_attribute, "")
        row = RowResult(line=number, key=key, name=title)
        if key and key in seen:
            first = seen[key]
            message = (
                f"l’{self.key_column} «\u00a0{key}\u00a0» figure déjà ligne {first} du fichier."
            )
            errors.append(RowError(number, self.key_column, message))
        elif key:
            seen[key] = number

        instance = self.existing.get(key)
        is_new = instance is None
        target = self.model() if is_new else instance
        old = {} if is_new else {a: getattr(instance, a) for a in self.plain}
        for attribute in self.plain:
            if attribute in cleaned:
                value = cleaned[attribute]
                if not is_new and self._same_cell(attribute, old[attribute], value):
                    value = old[attribute]
                setattr(target, attribute, value)
        errors.extend(self._validate(number, target, cleaned))

        row.errors = sorted(errors, key=lambda e: self._order(e.column))
        if row.errors:
            row.status = ERROR
            return row

        m2m_ids = {name: {obj.pk for obj in cleaned[name]} for name in self.m2m}
        if is_new:
            row.status = NEW
            self.creates.append((target, m2m_ids))
            return row
        changed = {name for name in self.plain if getattr(target, name) != old[name]}
        for attribute in changed:  # in the file's order once sorted below
            column = self.column_of[attribute]
            render = self.fields[column].widget.render
            new = getattr(target, attribute)
            row.changes.append(Change(column, str(render(old[attribute])), str(render(new))))
        changed_m2m = {}
        for name in self.m2m:
            before = self.current[name].get(target.pk, set())
            if m2m_ids[name] != before:
                changed_m2m[name] = m2m_ids[name]
                widget = self.fields[self.column_of[name]].widget
                old_cell, new_cell = widget.render_ids(before), widget.render(cleaned[name])
                row.changes.append(Change(self.column_of[name], old_cell, new_cell))
        row.changes.sort(key=lambda c: self._order(c.column))
        if changed or changed_m2m:
            row.status = UPDATED
            self.updates.append((target, changed_m2m, changed))
        return row

    def _same_cell(self, attribute, old, new) -> bool:
        """Return whether ``new`` differs from the stored ``old`` only by what the file
        cannot hold: a publication time exported to the minute (its seconds lost) is read back
        as the value stored, not as a change. Text is compared as it is."""
        if old == new or isinstance(new, str):
            return old == new
        widget = self.fields[self.column_of[attribute]].widget
        return widget.render(old) == widget.render(new)

    def _validate(self, number, obj, cleaned) -> list[RowError]:
        """Check ``obj`` as the admin form would, without a query per row."""
        messages: dict[str, list[str]] = {}
        # Fields not read (not in the file, or their cell in error) and those whose widget
        # already ran the field's check (the slowest part of a row, for phone numbers).
        exclude = [f.name for f in self.model._meta.fields if f.name not in cleaned]
        try:
            obj.clean_fields(exclude=[*exclude, *self.resource.checked_by_widgets])
        except ValidationError as error:
            for attribute, texts in error.message_dict.items():
                messages.setdefault(attribute, []).extend(texts)
        self.resource.check_instance(obj, cleaned, messages)
        return [
            RowError(number, self.column_of.get(attribute, ""), str(text))
            for attribute, texts in messages.items()
            # A column not read: the cell's own error says it already, one message per cell.
            if attribute not in self.column_of or attribute in cleaned
            for text in texts
        ]

    # Saving ------------------------------------------------------------------------------

    def save(self, *, user=None, filename=""):
        now = timezone.now()
        manager = self.model._default_manager
        self.created = [obj for obj, _ids in self.creates]
        self.updated = updated = [obj for obj, _m2m, _changed in self.updates]
        # SQLite and PostgreSQL give the new objects their ids.
        manager.bulk_create(self.created, batch_size=BATCH)
        changed_fields = set().union(*(changed for _c, _m, changed in self.updates))
        # bulk_update leaves auto_now fields as they were: set them here.
        stamps = {f.name for f in self.model._meta.fields if getattr(f, "auto_now", False)}
        for obj in updated:
            for name in stamps:
                setattr(obj, name, now)
        if updated:
            manager.bulk_update(updated, sorted(changed_fields | stamps), batch_size=BATCH)

        for name in self.m2m:
            through, source, target = through_columns(self.model, name)
            replaced = [obj.pk for obj, m2m, _ch in self.updates if name in m2m]
            for chunk in _chunks(replaced):
                through.objects.filter(**{f"{source}__in": chunk}).delete()
            links = [(obj.pk, ids[name]) for obj, ids in self.creates] + [
                (obj.pk, m2m[name]) for obj, m2m, _ch in self.updates if name in m2m
            ]
            through.objects.bulk_create(
                (
                    through(**{source: obj_id, target: target_id})
                    for obj_id, target_ids in links
                    for target_id in sorted(target_ids)
                ),
                batch_size=BATCH,
            )
        if self.resource.history is not None:
            self._record_history(user, filename, now)
        if user is not None:
            self._log(user, filename, now)

    def _record_history(self, user, filename, now):
        """Write one version per object written, as the admin form would, in bulk."""
        history = self.resource.history
        manager = getattr(self.model, history.manager_name)
        source = f"import de «\u00a0{filename}\u00a0»" if filename else "import"
        records = []
        for objects, update in ((self.created, False), (self.updated, True)):
            if not objects:
                continue
            verb = "Modifié" if update else "Créé"
            records += manager.bulk_history_create(
                objects,
                batch_size=BATCH,
                update=update,
                default_user=user,
                default_change_reason=f"{verb} par {source}"[:100],
                default_date=now,
            )
        # Each version holds the object's many-to-many values as they now are.
        record_of = {record.id: record.pk for record in records}
        for fld, m2m_history in history.m2m_models.items():
            if fld.model is not self.model:
                continue  # simple_history keeps every model's in one dictionary
            through, source_id, target = through_columns(self.model, fld.name)
            links = through.objects.values_list("pk", source_id, target)
            rows = [
                m2m_history(history_id=record_of[obj], id=pk, **{source_id: obj, target: other})
                for chunk in _chunks(record_of)
                for pk, obj, other in links.filter(**{f"{source_id}__in": chunk})
            ]
            m2m_history.objects.bulk_create(rows, batch_size=BATCH)

    def _log(self, user, filename, now):
        """Record in the admin's log who imported which file, object by object."""
        content_type = ContentType.objects.get_for_model(self.model)
        source = f"l’import du fichier «\u00a0{filename}\u00a0»" if filename else "un import"
        changes = {row.key: row.changes for row in self.rows}

        def entry(obj, flag, message):
            return LogEntry(
                user_id=user.pk,
                content_type_id=content_type.pk,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                action_flag=flag,
                change_message=message,
                action_time=now,
            )

        entries = [entry(obj, ADDITION, f"Créé par {source}.") for obj, _ids in self.creates]
        for obj, _m2m, _changed in self.updates:
            columns = ", ".join(change.column for change in changes[getattr(obj, self.key)])
            entries.append(entry(obj, CHANGE, f"Modifié par {source}\u00a0: {columns}."))
        LogEntry.objects.bulk_create(entries, batch_size=BATCH)
