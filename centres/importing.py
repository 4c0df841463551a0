"""Importing a directory file all-or-nothing, for the admin and ``manage.py import_centres``.

The columns and the reading of each cell are ``CentreResource``'s (its widgets); each centre is
then checked the way the admin form checks it (``clean_fields`` and ``clean``). Every row is
validated before anything is written, so an error anywhere leaves the database as it was and
a dry run never touches it. The writes then go in bulk inside one transaction: new centres
with ``bulk_create``, changed ones with ``bulk_update``, and the départements and themes
straight into their through tables. Each centre written also gets a version in its history
(django-simple-history), with the importing user and its territory and themes, written in
bulk as well. Lookups (centres of the file, départements, themes,
postcodes) are loaded once per file, never once per row: see benchmarks/README.md.
"""

from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from centres.models import Centre, Commune, centre_history
from centres.resources import COLUMNS, CentreResource
from centres.tables import Table, TableError, read_table
from centres.text import fold
from crpv.cache import invalidate

__all__ = ["ImportReport", "RowError", "TableError", "import_table", "read_table"]

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
STATUS_LABELS = {NEW: "nouveau", UPDATED: "modifié", UNCHANGED: "inchangé", ERROR: "erreur"}
M2M = ("departements", "themes")
BATCH = 500


@dataclass
class RowError:
    line: int  # row in the spreadsheet, the header being row 1; 0 for the whole file
    column: str
    message: str

    def __str__(self):
        where = f"ligne {self.line}" if self.line else "fichier"
        column = f", colonne «\u00a0{self.column}\u00a0»" if self.column else ""
        return f"{where}{column}\u00a0: {self.message}"


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class RowResult:
    line: int
    slug: str
    name: str
    status: str = UNCHANGED
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    saved: bool = False

    @property
    def ok(self):
        return not self.errors

    def _count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new(self):
        return self._count(NEW)

    @property
    def updated(self):
        return self._count(UPDATED)

    @property
    def unchanged(self):
        return self._count(UNCHANGED)

    @property
    def summary(self):
        verb = "seraient" if self.dry_run or not self.saved else "ont été"
        return (
            f"{self.new} centre(s) {verb} créé(s), {self.updated} modifié(s), "
            f"{self.unchanged} inchangé(s)."
        )


def normalize_header(header) -> str:
    """Return a header the way it is compared: ``Téléphone 2`` reads as ``telephone_2``."""
    return fold(str(header or "")).replace(" ", "_")


def check_headers(headers) -> list[RowError]:
    """Return errors for unknown, missing or repeated columns, naming the expected ones."""
    names = [normalize_header(h) for h in headers]
    expected = ", ".join(COLUMNS)
    errors = []
    unknown = [
        str(h).strip() or "(sans titre)"
        for h, n in zip(headers, names, strict=True)
        if n not in COLUMNS
    ]
    missing = [c for c in COLUMNS if c not in names]
    repeated = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if unknown:
        errors.append(RowError(1, "", f"colonnes inconnues\u00a0: {', '.join(unknown)}."))
    if missing:
        errors.append(RowError(1, "", f"colonnes manquantes\u00a0: {', '.join(missing)}."))
    if repeated:
        errors.append(RowError(1, "", f"colonnes en double\u00a0: {', '.join(repeated)}."))
    if errors:
        errors.append(
            RowError(1, "", f"la première ligne doit nommer ces colonnes\u00a0: {expected}.")
        )
    return errors


def import_file(content: bytes, **kwargs) -> ImportReport:
    """Read ``content`` and import it; a file that is not a table is a file-level error."""
    try:
        table = read_table(content)
    except TableError as error:
        return ImportReport(
            errors=[RowError(0, "", str(error))], dry_run=bool(kwargs.get("dry_run"))
        )
    return import_table(table, **kwargs)


def import_table(table: Table, *, dry_run=False, user=None, filename="") -> ImportReport:
    """Import every row of ``table``, or none: any error leaves the database as it was."""
    report = ImportReport(dry_run=dry_run)
    report.errors = check_headers(table.headers)
    if report.errors:
        return report
    plan = _Plan(table)
    report.rows = plan.rows
    report.errors = plan.errors
    if report.errors or dry_run:
        return report
    try:
        with transaction.atomic():
            plan.save(user=user, filename=filename)
            # Bulk writes send no signal: tell the public page cache ourselves.
            invalidate()
    except DatabaseError as error:
        # Someone else changed the directory between the check and the save.
        report.errors = [
            RowError(
                0,
                "",
                "l’enregistrement a échoué et rien n’a été modifié "
                f"({error.__class__.__name__})\u00a0; réimportez le fichier.",
            )
        ]
        return report
    report.saved = True
    return report


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Plan:
    """The rows of a file checked against the database: what to create, change, or leave."""

    def __init__(self, table: Table):
        self.resource = CentreResource()
        self.fields = {f.column_name: f for f in self.resource.get_import_fields()}
        self.column_of = {f.attribute: f.column_name for f in self.fields.values()}
        self.plain = [f.attribute for f in self.fields.values() if f.attribute not in M2M]
        self.rows: list[RowResult] = []
        self.errors: list[RowError] = []
        self.creates: list[tuple[Centre, dict]] = []
        self.updates: list[tuple[Centre, dict, set]] = []
        self._postcodes = None

        headers = [normalize_header(h) for h in table.headers]
        records = [
            (number, dict(zip(headers, cells, strict=False))) for number, cells in table.rows
        ]
        self._load_existing(records)
        shape_errors = dict(table.row_errors)
        seen = {}
        for number, values in records:
            row = self._check_row(number, values, seen)
            if number in shape_errors:
                row.errors.insert(0, RowError(number, "", shape_errors[number]))
                row.status = ERROR
            self.rows.append(row)
            self.errors.extend(row.errors)

    # Loading, once per file ------------------------------------------------------------

    def _load_existing(self, records):
        slug_widget = self.fields["identifiant"].widget
        slugs = {slug_widget.clean(values.get("identifiant")) for _n, values in records} - {""}
        self.existing = {}
        for chunk in _chunks(slugs):
            self.existing.update((c.slug, c) for c in Centre.objects.filter(slug__in=chunk))
        self.current = {name: {} for name in M2M}
        ids = [c.pk for c in self.existing.values()]
        for name in M2M:
            through = getattr(Centre, name).through
            target = f"{through._meta.get_field(name[:-1]).attname}"
            for chunk in _chunks(ids):
                pairs = through.objects.filter(centre_id__in=chunk).values_list("centre_id", target)
                for centre_id, target_id in pairs:
                    self.current[name].setdefault(centre_id, set()).add(target_id)

    @property
    def postcodes(self):
        if self._postcodes is None:
            self._postcodes = {
                code
                for codes in Commune.objects.values_list("postcodes", flat=True)
                for code in codes.split()
            }
        return self._postcodes

    # Checking a row ----------------------------------------------------------------------

    def _check_row(self, number, values, seen) -> RowResult:
        errors, cleaned = [], {}
        for column, fld in self.fields.items():
            try:
                cleaned[fld.attribute] = fld.widget.clean(values.get(column, ""), row=values)
            except (ValueError, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                errors.append(RowError(number, column, message))
        slug = cleaned.get("slug", "")
        row = RowResult(line=number, slug=slug, name=cleaned.get("name", ""))
        if slug and slug in seen:
            errors.append(
                RowError(
                    number,
                    "identifiant",
                    f"l’identifiant «\u00a0{slug}\u00a0» figure déjà ligne {seen[slug]} "
                    "du fichier.",
                )
            )
        elif slug:
            seen[slug] = number

        instance = self.existing.get(slug)
        is_new = instance is None
        target = Centre() if is_new else instance
        old = {} if is_new else {a: getattr(instance, a) for a in self.plain}
        for attribute in self.plain:
            if attribute in cleaned:
                setattr(target, attribute, cleaned[attribute])
        errors.extend(self._validate(number, target, cleaned))

        row.errors = sorted(errors, key=lambda e: COLUMNS.index(e.column) if e.column else -1)
        if row.errors:
            row.status = ERROR
            return row

        m2m_ids = {name: {obj.pk for obj in cleaned[name]} for name in M2M}
        if is_new:
            row.status = NEW
            self.creates.append((target, m2m_ids))
            return row
        changed = set()
        for attribute in self.plain:
            if getattr(target, attribute) != old[attribute]:
                changed.add(attribute)
                fld = self.fields[self.column_of[attribute]]
                row.changes.append(
                    Change(
                        self.column_of[attribute],
                        str(fld.widget.render(old[attribute])),
                        str(fld.widget.render(getattr(target, attribute))),
                    )
                )
        changed_m2m = {}
        for name in M2M:
            before = self.current[name].get(target.pk, set())
            if m2m_ids[name] != before:
                changed_m2m[name] = m2m_ids[name]
                row.changes.append(
                    Change(name, self._render_m2m(name, before), self._render_m2m(name, cleaned))
                )
        row.changes.sort(key=lambda c: COLUMNS.index(c.column))
        if changed or changed_m2m:
            row.status = UPDATED
            self.updates.append((target, changed_m2m, changed))
        return row

    def _render_m2m(self, name, ids_or_cleaned):
        widget = self.fields[name].widget
        if isinstance(ids_or_cleaned, dict):
            objects = ids_or_cleaned[name]
        else:
            lookup = widget._by_code if name == "departements" else widget._by_name
            by_id = {obj.pk: obj for obj in lookup.values()} if lookup else {}
            objects = [by_id[pk] for pk in ids_or_cleaned if pk in by_id]
        if name == "departements":
            return ", ".join(sorted(d.code for d in objects))
        return ", ".join(t.name for t in sorted(objects, key=lambda t: (t.position, t.name)))

    def _validate(self, number, centre, cleaned) -> list[RowError]:
        """Check ``centre`` as the admin form would, without a query per row."""
        messages: dict[str, list[str]] = {}
        unread = [a for a in self.plain if a not in cleaned]
        # The phone widgets already ran PhoneField's normalisation (normalize_phone), the
        # slowest check of a row: running it again on the E.164 result would change nothing.
        done = ["phone", "phone_2"]
        try:
            centre.clean_fields(exclude=[*unread, *done, *M2M, "created_at", "updated_at"])
        except ValidationError as error:
            for attribute, texts in error.message_dict.items():
                messages.setdefault(attribute, []).extend(texts)
        # Centre.clean() looks each postcode up with a query; here they are checked against
        # the set of all postcodes, loaded once, with the model's message.
        postcode, centre.postcode = centre.postcode, ""
        try:
            centre.clean()
        except ValidationError as error:
            for attribute, texts in error.message_dict.items():
                messages.setdefault(attribute, []).extend(texts)
        finally:
            centre.postcode = postcode
        if postcode and "postcode" not in messages and "postcode" in cleaned:
            if postcode not in self.postcodes:
                messages["postcode"] = [f"Le code postal {postcode} n’existe pas."]
        errors = []
        for attribute, texts in messages.items():
            column = self.column_of.get(attribute, "")
            for text in texts:
                errors.append(RowError(number, column, str(text)))
        return errors

    @property
    def updated(self):
        return [centre for centre, _m2m, _changed in self.updates]

    # Saving ------------------------------------------------------------------------------

    def save(self, *, user=None, filename=""):
        now = timezone.now()
        created = [centre for centre, _ids in self.creates]
        Centre.objects.bulk_create(created, batch_size=BATCH)
        if any(centre.pk is None for centre in created):  # databases that return no ids
            ids = {}
            for chunk in _chunks([c.slug for c in created]):
                ids.update(Centre.objects.filter(slug__in=chunk).values_list("slug", "pk"))
            for centre in created:
                centre.pk = ids[centre.slug]

        updated = self.updated
        changed_fields = set().union(*(changed for _c, _m, changed in self.updates))
        for centre in updated:
            centre.updated_at = now
        if updated:
            Centre.objects.bulk_update(
                updated, sorted(changed_fields | {"updated_at"}), batch_size=BATCH
            )

        for name in M2M:
            through = getattr(Centre, name).through
            target = through._meta.get_field(name[:-1]).attname
            replaced = [c.pk for c, m2m, _ch in self.updates if name in m2m]
            for chunk in _chunks(replaced):
                through.objects.filter(centre_id__in=chunk).delete()
            links = [(centre.pk, ids[name]) for centre, ids in self.creates] + [
                (c.pk, m2m[name]) for c, m2m, _ch in self.updates if name in m2m
            ]
            through.objects.bulk_create(
                (
                    through(centre_id=centre_id, **{target: target_id})
                    for centre_id, target_ids in links
                    for target_id in sorted(target_ids)
                ),
                batch_size=BATCH,
            )
        self._record_history(user, filename, now)
        if user is not None:
            self._log(user, filename, now)

    def _record_history(self, user, filename, now):
        """Write one version per centre written, as the admin form would, in bulk."""
        source = f"import de «\u00a0{filename}\u00a0»" if filename else "import"
        records = []
        for centres, update in (([c for c, _i in self.creates], False), (self.updated, True)):
            if not centres:
                continue
            verb = "Modifié" if update else "Créé"
            records += Centre.history.bulk_history_create(
                centres,
                batch_size=BATCH,
                update=update,
                default_user=user,
                default_change_reason=f"{verb} par {source}"[:100],
                default_date=now,
            )
        if records and records[0].pk is None:  # databases that return no ids
            ids = dict(Centre.history.filter(history_date=now).values_list("id", "history_id"))
            for record in records:
                record.history_id = ids[record.id]
        # Each version holds the centre's territory and themes as they now are.
        record_of = {record.id: record.pk for record in records}
        for fld, m2m_history in centre_history.m2m_models.items():
            through = getattr(Centre, fld.name).through
            target = through._meta.get_field(fld.name[:-1]).attname
            rows = []
            for chunk in _chunks(record_of):
                for pk, centre_id, target_id in through.objects.filter(
                    centre_id__in=chunk
                ).values_list("pk", "centre_id", target):
                    rows.append(
                        m2m_history(
                            history_id=record_of[centre_id],
                            id=pk,
                            centre_id=centre_id,
                            **{target: target_id},
                        )
                    )
            m2m_history.objects.bulk_create(rows, batch_size=BATCH)

    def _log(self, user, filename, now):
        """Record in the admin's history who imported which file, centre by centre."""
        content_type = ContentType.objects.get_for_model(Centre)
        source = f"l’import du fichier «\u00a0{filename}\u00a0»" if filename else "un import"
        changes = {row.slug: row.changes for row in self.rows}
        entries = [
            LogEntry(
                user_id=user.pk,
                content_type_id=content_type.pk,
                object_id=str(centre.pk),
                object_repr=str(centre)[:200],
                action_flag=ADDITION,
                change_message=f"Créé par {source}.",
                action_time=now,
            )
            for centre, _ids in self.creates
        ]
        for centre, _m2m, _changed in self.updates:
            columns = ", ".join(change.column for change in changes[centre.slug])
            entries.append(
                LogEntry(
                    user_id=user.pk,
                    content_type_id=content_type.pk,
                    object_id=str(centre.pk),
                    object_repr=str(centre)[:200],
                    action_flag=CHANGE,
                    change_message=f"Modifié par {source}\u00a0: {columns}.",
                    action_time=now,
                )
            )
        LogEntry.objects.bulk_create(entries, batch_size=BATCH)
