from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from centres.importing import ImportFileError, import_dataset, read_dataset
from centres.models import Centre


class Command(BaseCommand):
    help = "Importe un fichier d’annuaire (CSV, XLSX ou JSON) : tout ou rien."

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
            self.stdout.write("L’annuaire contient déjà des centres : rien n’est importé.")
            return
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from error
        try:
            dataset = read_dataset(content, file.name)
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        report = import_dataset(dataset, dry_run=dry_run)
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(
                f"{len(report.errors)} erreur(s) : aucune modification n’a été enregistrée."
            )
        verb = "seraient" if dry_run else "ont été"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.new} centre(s) {verb} créé(s), {report.updated} modifié(s), "
                f"{report.unchanged} inchangé(s)."
            )
        )
