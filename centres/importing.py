"""Reading directory files and importing them all-or-nothing.

Used by ``manage.py import_centres`` and, later, by the admin: the same checks, the same
French messages, each error tied to a line and a column of the file.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

import tablib

from centres.resources import COLUMNS, CentreResource


class ImportFileError(Exception):
    """The file as a whole cannot be read as a directory table."""


@dataclass
class RowError:
    line: int  # line in the file, the header being line 1
    column: str
    message: str

    def __str__(self):
        where = f"ligne {self.line}" if self.line else "fichier"
        column = f", colonne « {self.column} »" if self.column else ""
        return f"{where}{column} : {self.message}"


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self):
        return not self.errors


def read_dataset(content: bytes, filename: str = "annuaire.csv") -> tablib.Dataset:
    """Return the table in ``content``; raise ImportFileError with a French message."""
    if not content.strip():
        raise ImportFileError("Le fichier est vide.")
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".xlsx":
            return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        text = content.decode("utf-8-sig")
        if suffix == ".json":
            return tablib.Dataset().load(text, format="json")
        return tablib.Dataset().load(text, format="csv")
    except UnicodeDecodeError as error:
        raise ImportFileError("Le fichier n’est pas un texte encodé en UTF-8.") from error
    except Exception as error:
        raise ImportFileError("Le fichier ne contient pas un tableau lisible.") from error


def check_headers(dataset: tablib.Dataset) -> list[RowError]:
    headers = [(h or "").strip() for h in (dataset.headers or [])]
    expected = ", ".join(COLUMNS)
    errors = []
    unknown = [h for h in headers if h not in COLUMNS]
    missing = [c for c in COLUMNS if c not in headers]
    if unknown:
        errors.append(
            RowError(
                1,
                "",
                f"colonnes inconnues : {', '.join(unknown)}. Colonnes attendues : {expected}.",
            )
        )
    if missing:
        errors.append(
            RowError(
                1,
                "",
                f"colonnes manquantes : {', '.join(missing)}. Colonnes attendues : {expected}.",
            )
        )
    return errors


def check_duplicates(dataset: tablib.Dataset) -> list[RowError]:
    seen, errors = {}, []
    for index, row in enumerate(dataset.dict, start=2):
        key = str(row.get("identifiant") or "").strip()
        if not key:
            continue
        if key in seen:
            errors.append(
                RowError(
                    index,
                    "identifiant",
                    f"l’identifiant « {key} » figure déjà ligne {seen[key]} du fichier.",
                )
            )
        else:
            seen[key] = index
    return errors


def import_dataset(dataset: tablib.Dataset, *, dry_run: bool = False, user=None) -> ImportReport:
    """Import every row, or none: any error leaves the database as it was."""
    report = ImportReport()
    dataset.headers = [(h or "").strip() for h in (dataset.headers or [])]
    report.errors = check_headers(dataset)
    if report.errors:
        return report
    report.errors = check_duplicates(dataset)
    if report.errors:
        return report

    resource = CentreResource()
    # One pass: import-export rolls the whole file back on a dry run or on any error.
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == "__all__" else resource.column_for(attribute)
            for message in messages:
                report.errors.append(RowError(invalid.number + 1, column, str(message)))
    for number, row_errors in result.row_errors():
        for error in row_errors:
            report.errors.append(RowError(number + 1, "", str(error.error)))
    for error in result.base_errors:
        report.errors.append(RowError(0, "", str(error.error)))
    report.errors.sort(key=lambda e: (e.line, e.column))
    report.new = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.unchanged = result.totals.get("skip", 0)
    report.saved = report.ok and not dry_run
    return report
