"""Importing a library: a spreadsheet of resources (``library.resources``) and the files its
``fichiers`` column names, in a folder (``manage.py import_resources FILE --files DIR``) or in
a ZIP archive sent with the spreadsheet to the admin's import (``library.archives``).

All or nothing, like every import (``crpv.spreadsheets.importer``): every row and every file
is checked first — each file by ``library.documents.inspect``, as an upload in the admin —
and any error leaves the database and the storage as they were. A file already attached to
the resource under the same name and size is left as it is; a file of the same name with
another size replaces it; the others are added.
"""

from __future__ import annotations

import contextlib
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
    report_for,
)
from crpv.spreadsheets.read import TableError, read_table
from library import documents
from library.archives import ArchiveRefused
from library.models import Resource, ResourceFile, download_name
from library.resources import FILES_COLUMN, ResourceResource, file_names

# The error of a row naming files when no folder or archive was given.
NO_FOLDER = "donnez le dossier des fichiers (--files DOSSIER)."
NO_ARCHIVE = "joignez l’archive ZIP des documents nommés dans la colonne « fichiers »."


class FolderFiles:
    """The files of a folder, found by name: a source of files for ``check_files`` (the
    command's ``--files DIR``). ``ZipFiles`` (``library.archives``) is the admin's."""

    def __init__(self, folder: Path):
        self.root = folder.resolve()
        self.label = f"le dossier {self.root}"

    def _path(self, name):
        path = (self.root / name).resolve()
        if path.parent != self.root or "/" in name or "\\" in name:
            raise ArchiveRefused("écrivez le nom d’un fichier du dossier, sans chemin.")
        return path

    def check(self, name: str) -> int:
        """Return the size of the file ``name``; raise ArchiveRefused if it is not a file
        directly in the folder, or too big."""
        path = self._path(name)
        if not path.is_file():
            raise ArchiveRefused(f"ce fichier n’est pas dans {self.label}.")
        size = path.stat().st_size
        if size > documents.MAX_UPLOAD_BYTES:
            raise ArchiveRefused(
                f"ce fichier pèse {documents.human_size(size)}, la limite est de "
                f"{documents.human_size(documents.MAX_UPLOAD_BYTES)}."
            )
        return size

    @contextlib.contextmanager
    def open(self, name: str):
        """Yield the file ``name`` open for reading in binary."""
        self.check(name)
        with self._path(name).open("rb") as handle:
            yield handle


@dataclasses.dataclass
class PlannedFile:
    """A file of the source, checked: its name in the cell and what inspect learnt."""

    name: str
    info: documents.DocumentInfo


def check_files(table, source, missing_source=NO_FOLDER):
    """Return ({line: [PlannedFile…]}, [RowError…]) for the ``fichiers`` cells of ``table``.

    ``source`` holds the files: a ``FolderFiles``, a ``ZipFiles``, or None when none was
    given (then naming a file is an error, saying ``missing_source``). Each file named must
    be in the source, under the size limit and accepted by ``documents.inspect``."""
    headers = [normalize_header(h) for h in table.headers]
    if FILES_COLUMN not in headers:
        return {}, []
    index = headers.index(FILES_COLUMN)
    planned, errors = {}, []
    for number, cells in table.rows:
        cell = cells[index] if index < len(cells) else ""
        for name in file_names(cell):

            def error(message, name=name, number=number):
                errors.append(
                    RowError(number, FILES_COLUMN, f"«\u00a0{name}\u00a0»\u00a0: {message}")
                )

            if source is None:
                error(missing_source)
                continue
            try:
                with source.open(name) as handle:
                    info = documents.inspect(File(handle, name=name))
            except (ArchiveRefused, documents.DocumentRefused) as refused:
                error(refused.message)
                continue
            except OSError as failure:
                error(f"impossible de le lire ({failure.strerror}).")
                continue
            planned.setdefault(number, []).append(PlannedFile(name, info))
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


def _attach(resource, planned_files, source, stored):
    """Attach ``planned_files`` (read again from ``source``) to ``resource``; the names of the
    files written in the storage are added to ``stored`` (to remove them if the import
    fails)."""
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
        with source.open(planned.name) as handle:
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
    try:
        table = read_table(content)
    except TableError as error:
        return report_for(ResourceResource(), errors=[RowError(0, "", str(error))], dry_run=dry_run)
    source = FolderFiles(folder) if folder is not None else None
    return import_resource_table(table, source, dry_run=dry_run, user=user, filename=filename)


def import_resource_table(
    table,
    source,
    *,
    missing_source=NO_FOLDER,
    dry_run=False,
    user=None,
    filename="",
    versions=None,
) -> ImportReport:
    """Import the resources of ``table`` (a ``crpv.spreadsheets.read.Table``) and the files
    of ``source`` (``FolderFiles``, ``library.archives.ZipFiles`` or None) that they name,
    all or nothing; ``missing_source`` is the error of a row naming files when ``source`` is
    None, ``versions`` a preview's (see ``import_table``). Returns the ``ImportReport``."""
    resource = ResourceResource()
    planned, file_errors = check_files(table, source, missing_source)
    if dry_run or file_errors:
        report = import_table(resource, table, dry_run=True, filename=filename)
        _merge(report, file_errors)
        report.dry_run = dry_run
        return report
    stored = []
    try:
        with transaction.atomic():
            report = import_table(resource, table, user=user, filename=filename, versions=versions)
            if report.saved:
                keys = {row.line: row.key for row in report.rows}
                for line, files in planned.items():
                    target = Resource.objects.get(slug=keys[line])
                    _attach(target, files, source, stored)
    except Exception:
        # Nothing was saved in the database: the files written go too.
        for field in stored:
            field.storage.delete(field.name)
        raise
    return report
