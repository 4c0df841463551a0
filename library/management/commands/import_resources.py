from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crpv.spreadsheets.commands import read_file, report_import
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
        content = read_file(file, MAX_FILE_SIZE)

        report = import_resources(content, files, dry_run=dry_run, filename=file.name)
        report_import(self, report)
