"""Files LibreOffice (7.4, in French) wrote from the portal's exports import back unchanged.

Made by ``scripts/make_office_files.py`` (which says how), committed so that CI needs no
office software.
"""

from pathlib import Path

import pytest

from centres.models import Centre
from centres.resources import CentreResource
from crpv.spreadsheets.importer import import_file

pytestmark = pytest.mark.django_db

FILES = Path(__file__).resolve().parent / "files" / "office"


@pytest.fixture
def exported(db):
    """The centres of the files, imported from the portal's own export."""
    report = import_file(CentreResource(), (FILES / "export.csv").read_bytes())
    assert report.ok and report.new == 2, report.errors
    return list(Centre.objects.order_by("pk").values())


@pytest.mark.parametrize(
    "name",
    [
        "export-excel.csv",  # the portal's « CSV pour Excel », as it is
        "export-fr.csv",  # the CSV, opened and saved again by LibreOffice in French
        "export-excel-fr.csv",  # the same for « CSV pour Excel »: dates JJ/MM/AA, commas
        "export.ods",  # the XLSX export saved as ODS
        "export-resaved.xlsx",  # and that ODS saved as XLSX again
    ],
)
def test_a_file_resaved_by_libreoffice_imports_unchanged(exported, name):
    report = import_file(CentreResource(), (FILES / name).read_bytes())
    assert report.ok, report.errors
    changes = [(r.key, r.changes) for r in report.rows if r.changes]
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2), changes
    assert list(Centre.objects.order_by("pk").values()) == exported
