"""What the import commands share (``import_centres``, ``import_resources``, ``import_events``):
reading the file named on the command line, and reporting an import, all or nothing."""

from django.core.management.base import CommandError

from crpv.spreadsheets.importer import french_count


def read_file(path, max_size):
    """Return the bytes of the file at ``path`` (a Path), ``max_size + 1`` at most: one byte
    over the limit is enough to refuse the file without reading it all. Raise CommandError,
    in French, when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read(max_size + 1)
    except OSError as error:
        raise CommandError(f"Impossible de lire {path}\u00a0: {error.strerror}.") from error


def report_import(command, report):
    """Write an import's ``report`` (``crpv.spreadsheets.importer``): its notes to the
    command's stdout, its errors to stderr, then its summary; raise CommandError when it
    failed (nothing was saved)."""
    for note in report.notes:
        command.stdout.write(note)
    for error in report.errors:
        command.stderr.write(str(error))
    if not report.ok:
        errors = french_count(len(report.errors), ("erreur", "erreurs"), feminine=True)
        raise CommandError(f"{errors}\u00a0: aucune modification n’a été enregistrée.")
    command.stdout.write(command.style.SUCCESS(report.summary))
