from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from centres.models import Centre
from centres.resources import CentreResource
from crpv.spreadsheets.importer import french_count, import_table
from crpv.spreadsheets.read import MAX_FILE_SIZE, TableError, read_table


class Command(BaseCommand):
    help = "Importe un fichier d’annuaire (CSV, XLSX, ODS ou JSON)\u00a0: tout ou rien."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier à importer.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie le fichier sans rien enregistrer."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="N’importe que si l’annuaire est vide (premier lancement).",
        )

    def handle(self, *args, file, dry_run, if_empty, **options):
        if if_empty and Centre.objects.exists():
            self.stdout.write("L’annuaire contient déjà des centres\u00a0: rien n’est importé.")
            return
        try:
            with file.open("rb") as handle:
                # One byte over the limit is enough to refuse the file without reading it all.
                content = handle.read(MAX_FILE_SIZE + 1)
        except OSError as error:
            raise CommandError(f"Impossible de lire {file}\u00a0: {error.strerror}.") from error

        try:
            table = read_table(content)
        except TableError as error:
            raise CommandError(str(error)) from error

        report = import_table(CentreResource(), table, dry_run=dry_run, filename=file.name)
        for note in report.notes:
            self.stdout.write(note)
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            errors = french_count(len(report.errors), ("erreur", "erreurs"), feminine=True)
            raise CommandError(f"{errors}\u00a0: aucune modification n’a été enregistrée.")
        self.stdout.write(self.style.SUCCESS(report.summary))
