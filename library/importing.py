"""Importing a library: a spreadsheet of resources (``library.resources``) and the files its
``fichiers`` column names, in a folder (``manage.py import_resources FILE --files DIR``).

All or nothing, like every import (``crpv.spreadsheets.importer``): every row and every file
is checked first — each file by ``library.documents.inspect``, as an upload in the admin —
and any error leaves the database and the storage as they were. A file already attached to
the resource under the same name and size is left as it is; a file of the same name with
another size replaces it; the others are added.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.core.files import File
from django.db import transaction

from crpv.spreadsheets.importer import (
    ERROR,
    ImportReport,
    RowError,
    import_table,
    normalize_header,
)
from crpv.spreadsheets.read import TableError, read_table
from library import documents
from library.models import Resource, ResourceFile, download_name
from library.resources import FILES_COLUMN, ResourceResource, file_names


@dataclasses.dataclass
class PlannedFile:
    """A file of the folder, checked: its path, its name in the cell, what inspect learnt."""

    path: Path
    name: str
    info: documents.DocumentInfo


def check_files(table, folder: Path | None):
    """Return ({line: [PlannedFile…]}, [RowError…]) for the ``fichiers`` cells of ``table``.

    ``folder`` holds the files; None when no folder was given (then naming a file is an
    error). A name must be a file directly in the folder (no path), readable, under the size
    limit and accepted by ``documents.inspect``.
    """
    headers = [normalize_header(h) for h in table.headers]
    if FILES_COLUMN not in headers:
        return {}, []
    index = headers.index(FILES_COLUMN)
    planned, errors = {}, []
    root = folder.resolve() if folder else None
    for number, cells in table.rows:
        cell = cells[index] if index < len(cells) else ""
        for name in file_names(cell):

            def error(message, name=name, number=number):
                errors.append(
                    RowError(number, FILES_COLUMN, f"«\u00a0{name}\u00a0»\u00a0: {message}")
                )

            if root is None:
                error("donnez le dossier des fichiers (--files DOSSIER).")
                continue
            path = (root / name).resolve()
            if path.parent != root or "/" in name or "\\" in name:
                error("écrivez le nom d’un fichier du dossier, sans chemin.")
                continue
            if not path.is_file():
                error(f"ce fichier n’est pas dans le dossier {root}.")
                continue
            size = path.stat().st_size
            if size > documents.MAX_UPLOAD_BYTES:
                error(
                    f"ce fichier pèse {documents.human_size(size)}, la limite est de "
                    f"{documents.human_size(documents.MAX_UPLOAD_BYTES)}."
                )
                continue
            try:
                with path.open("rb") as handle:
                    info = documents.inspect(File(handle, name=name))
            except documents.DocumentRefused as refused:
                error(refused.message)
                continue
            except OSError as failure:
                error(f"impossible de le lire ({failure.strerror}).")
                continue
            planned.setdefault(number, []).append(PlannedFile(path, name, info))
    return planned, errors


def _merge(report: ImportReport, file_errors):
    """Add the files' errors to ``report``, row by row, in the order of the lines."""
    by_line = {}
    for error in file_errors:
        by_line.setdefault(error.line, []).append(error)
    for row in report.rows:
        if row.line in by_line:
            row.errors = [*row.errors, *by_line[row.line]]
            row.status = ERROR
    report.errors = sorted([*report.errors, *file_errors], key=lambda e: e.line)


def _attach(resource, planned_files, stored):
    """Attach ``planned_files`` to ``resource``; the names of the files written in the
    storage are added to ``stored`` (to remove them if the import fails)."""
    existing = {f.download_filename: f for f in resource.files.all()}
    position = max((f.position for f in existing.values()), default=-1) + 1
    for planned in planned_files:
        name = download_name(planned.name, planned.info.format)
        current = existing.get(name)
        if current is not None and current.size == planned.info.size:
            continue
        if current is not None:
            current.delete()
        resource_file = ResourceFile(resource=resource, position=position)
        position += 1
        resource_file.take(planned.info, original_name=planned.name)
        with planned.path.open("rb") as handle:
            resource_file.file.save(planned.name, File(handle), save=False)
        stored.append(resource_file.file)
        resource_file.save()  # writes the thumbnail too
        if resource_file.thumbnail:
            stored.append(resource_file.thumbnail)


def import_resources(
    content: bytes, folder: Path | None = None, *, dry_run=False, user=None, filename=""
) -> ImportReport:
    """Import the spreadsheet ``content`` and the files of ``folder`` it names: all or
    nothing. Returns the ``ImportReport`` (its errors: French, by line and column)."""
    resource = ResourceResource()
    try:
        table = read_table(content)
    except TableError as error:
        return ImportReport(
            errors=[RowError(0, "", str(error))],
            dry_run=dry_run,
            noun=resource.summary_noun,
            feminine=resource.summary_feminine,
        )
    planned, file_errors = check_files(table, folder)
    if dry_run or file_errors:
        report = import_table(resource, table, dry_run=True, filename=filename)
        _merge(report, file_errors)
        report.dry_run = dry_run
        return report
    stored = []
    try:
        with transaction.atomic():
            report = import_table(resource, table, user=user, filename=filename)
            if report.saved:
                keys = {row.line: row.key for row in report.rows}
                for line, files in planned.items():
                    target = Resource.objects.get(slug=keys[line])
                    _attach(target, files, stored)
    except Exception:
        # Nothing was saved in the database: the files written go too.
        for field in stored:
            field.storage.delete(field.name)
        raise
    return report
