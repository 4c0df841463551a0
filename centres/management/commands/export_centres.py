import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from centres.resources import CentreResource
from crpv.spreadsheets.write import EXPORT_FORMATS

FORMATS_BY_KEY = {f.key: f for f in EXPORT_FORMATS}


class Command(BaseCommand):
    help = "Exporte l’annuaire des centres (CSV, CSV pour Excel, XLSX, ODS ou JSON)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=list(FORMATS_BY_KEY),
            default="csv",
            help="csv (virgules, UTF-8, par défaut), csv-excel (points-virgules, UTF-8 avec "
            "BOM), xlsx (Excel), ods (LibreOffice) ou json.",
        )
        parser.add_argument(
            "--output", type=Path, help="Fichier à écrire (par défaut, la sortie standard)."
        )

    def handle(self, *args, format, output, **options):
        content = FORMATS_BY_KEY[format]().export_data(CentreResource().export())
        if output is None:
            if format in ("xlsx", "ods"):
                raise CommandError("Un classeur s’écrit dans un fichier\u00a0: --output FICHIER.")
            if self.stdout._out is sys.stdout:
                sys.stdout.buffer.write(content)
                sys.stdout.flush()
            else:  # captured, as in tests
                self.stdout.write(content.decode("utf-8"), ending="")
            return
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Impossible d’écrire {output}\u00a0: {error.strerror}.") from error
        self.stderr.write(f"Annuaire exporté dans {output} ({len(content)} octets).")
