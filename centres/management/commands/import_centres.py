from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from centres.models import Centre
from centres.resources import CentreResource
from crpv.spreadsheets.commands import read_file, report_import
from crpv.spreadsheets.importer import import_table
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
        content = read_file(file, MAX_FILE_SIZE)

        try:
            table = read_table(content)
        except TableError as error:
            raise CommandError(str(error)) from error

        report = import_table(CentreResource(), table, dry_run=dry_run, filename=file.name)
        report_import(self, report)
