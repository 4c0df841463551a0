from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crpv.spreadsheets.importer import french_count
from crpv.spreadsheets.read import MAX_FILE_SIZE
from library.importing import import_resources


class Command(BaseCommand):
    help = (
        "Importe un fichier de ressources (CSV, XLSX, ODS ou JSON) et les documents qu’il "
        "nomme dans sa colonne « fichiers »\u00a0: tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier à importer.")
        parser.add_argument(
            "--files",
            type=Path,
            default=None,
            help="Dossier où se trouvent les documents nommés dans la colonne « fichiers ».",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie tout sans rien enregistrer."
        )

    def handle(self, *args, file, files, dry_run, **options):
        if files is not None and not files.is_dir():
            raise CommandError(f"Le dossier {files} n’existe pas.")
        try:
            with file.open("rb") as handle:
                # One byte over the limit is enough to refuse the file without reading it all.
                content = handle.read(MAX_FILE_SIZE + 1)
        except OSError as error:
            raise CommandError(f"Impossible de lire {file}\u00a0: {error.strerror}.") from error

        report = import_resources(content, files, dry_run=dry_run, filename=file.name)
        for note in report.notes:
            self.stdout.write(note)
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            errors = french_count(len(report.errors), ("erreur", "erreurs"), feminine=True)
            raise CommandError(f"{errors}\u00a0: aucune modification n’a été enregistrée.")
        self.stdout.write(self.style.SUCCESS(report.summary))
