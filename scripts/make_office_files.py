"""Make the files LibreOffice writes from the portal's export, for the import tests.

    apt-get install libreoffice-calc-nogui   # LibreOffice, without a screen
    localedef -i fr_FR -f UTF-8 fr_FR.UTF-8  # the French locale, if the machine lacks it
    .venv/bin/python scripts/make_office_files.py

Writes ``tests/centres/files/office/``: ``export.csv``, the portal's export of a few centres
chosen for what spreadsheets change (overseas phone numbers, a date, coordinates, a two-line
description, text that looks like a formula), then what LibreOffice makes of it, set to French:
``export-fr.csv`` and ``export-excel-fr.csv`` (the CSV and the « CSV pour Excel » exports
opened with special numbers detected and saved again as CSV: dates JJ/MM/AA, line ends LF),
``export.ods`` and ``export-resaved.xlsx`` (through ODS). The tests
import ``export.csv``, then each of the others, and expect every row « inchangé ».
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "centres" / "files" / "office"
# Comma, double quote, UTF-8 (76), from line 1, French (1036); on import, special numbers
# detected (dates read as dates); on export, cells saved as shown.
CSV_IN = "CSV:44,34,76,1,,1036,false,true"
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1036,false,false,true"


def make_centres():
    """Create the centres of the files (the test data of tests/centres/test_office_files.py)."""
    from centres.models import Centre, Departement, Theme

    rows = [
        {
            "slug": "ville-caraibe",
            "name": "Ville Caraïbe",
            "phone": "0596 68 64 52",
            "phone_2": "+596 696 12 34 56",
            "description": 'Un «\u00a0centre\u00a0» dit "ressources" ;\nsur deux lignes, l’été.',
            "latitude": "14.60365",
            "longitude": "-61.07418",
            "year_created": 2007,
            "postcode": "97200",
            "city": "Fort-de-France",
            "legal_form": "association",
            "verified_on": "2025-03-02",
            "website": "https://www.villecaraibe.com",
            "departements": ("972",),
        },
        {
            "slug": "labo-cites",
            "name": "Labo Cités",
            "acronym": "=SOMME(A1:A9)",
            "phone": "04 78 77 01 43",
            "postcode": "69001",
            "city": "Lyon",
            "verified_on": "2024-12-31",
            "departements": ("69", "01"),
        },
    ]
    for row in rows:
        departements = row.pop("departements")
        centre = Centre(is_published=True, **row)
        centre.full_clean(exclude=["departements", "themes"])
        centre.save()
        centre.departements.set(Departement.objects.filter(code__in=departements))
        centre.themes.set(Theme.objects.all()[:2])


def main():
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("LibreOffice introuvable : apt-get install libreoffice-calc-nogui")
    work = Path(tempfile.mkdtemp(prefix="crpv-office-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="crpv.settings", DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    make_centres()
    OUT.mkdir(parents=True, exist_ok=True)
    call_command("export_centres", "--format", "csv", "--output", str(OUT / "export.csv"))
    call_command("export_centres", "--format", "xlsx", "--output", str(work / "export.xlsx"))
    call_command(
        "export_centres", "--format", "csv-excel", "--output", str(OUT / "export-excel.csv")
    )

    # LibreOffice takes its formats (dates JJ/MM/AA, decimal commas) from the locale.
    french = {**os.environ, "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8"}

    def convert(source, target, *options):
        subprocess.run(
            [
                soffice,
                "--headless",
                *options,
                "--convert-to",
                target,
                "--outdir",
                str(work),
                str(source),
            ],
            check=True,
            capture_output=True,
            env=french,
        )

    convert(OUT / "export.csv", CSV_OUT, f"--infilter={CSV_IN}")
    shutil.copy(work / "export.csv", OUT / "export-fr.csv")
    convert(
        OUT / "export-excel.csv",
        CSV_OUT.replace(":44,", ":59,"),
        f"--infilter={CSV_IN.replace(':44,', ':59,')}",
    )
    shutil.copy(work / "export-excel.csv", OUT / "export-excel-fr.csv")
    convert(work / "export.xlsx", "ods")
    shutil.copy(work / "export.ods", OUT / "export.ods")
    (work / "export.xlsx").unlink()
    convert(work / "export.ods", "xlsx")
    shutil.copy(work / "export.xlsx", OUT / "export-resaved.xlsx")
    shutil.rmtree(work)
    print(f"Fichiers écrits dans {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
