"""Files as staff type them by hand: typed numbers, date cells, stray spaces, an empty sheet
first, blank rows or a title above the header. Each gives the right centre, says what it
passed over, and imports back « inchangé »: nothing is changed silently."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from centres.models import Centre
from centres.resources import COLUMNS, CentreResource
from crpv.spreadsheets.importer import import_file
from tests.centres.test_import_files import ods_bytes, ods_row, text_cell
from tests.centres.test_import_rules import csv_bytes, row

pytestmark = pytest.mark.django_db

# What a person types, each cell as the spreadsheet keeps it: numbers as numbers, a date as a
# date cell, spaces left around the text.
TYPED = {
    "identifiant": " labo-cites ",
    "nom": "Labo Cités ",
    "departements": 69,
    "code_postal": 69001,
    "ville": " Lyon",
    "telephone": 478770143,  # 04 78 77 01 43, its leading 0 lost as a number
    "annee_creation": 1993,
    "latitude": 45.7485,
    "longitude": 4.8467,
    "publie": "oui",
    "verifie_le": datetime.date(2025, 3, 2),
}


def check_the_typed_centre():
    centre = Centre.objects.get()
    assert centre.slug == "labo-cites" and centre.name == "Labo Cités"
    assert [d.code for d in centre.departements.all()] == ["69"]
    assert (centre.postcode, centre.city) == ("69001", "Lyon")
    assert centre.phone == "+33478770143"
    assert centre.year_created == 1993
    assert (centre.latitude, centre.longitude) == (Decimal("45.7485"), Decimal("4.8467"))
    assert centre.is_published and centre.verified_on == datetime.date(2025, 3, 2)


def xlsx_bytes(*sheets, blank_rows=0):
    """Return a workbook of ``sheets`` ((name, rows)); the first sheet with rows gets
    ``blank_rows`` formatted empty rows above them (Excel writes such rows)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for number in range(1, blank_rows + 1):
            sheet.row_dimensions[number].height = 30
        for index, cells in enumerate(rows, start=blank_rows + 1):
            for column, value in enumerate(cells, start=1):
                sheet.cell(index, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def typed_rows():
    return [list(COLUMNS), [TYPED.get(column, "") for column in COLUMNS]]


def ods_typed_cell(value):
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return text_cell(value) if value else "<table:table-cell/>"


def ods_typed_rows():
    return ods_row(*(text_cell(c) for c in COLUMNS)) + ods_row(
        *(ods_typed_cell(TYPED.get(column, "")) for column in COLUMNS)
    )


def import_twice(content):
    """Import ``content``, then again: the second time every row must be « inchangé »."""
    report = import_file(CentreResource(), content)
    assert report.saved, report.errors
    again = import_file(CentreResource(), content)
    assert again.saved and (again.new, again.updated, again.unchanged) == (0, 0, 1)
    return report


def test_a_hand_typed_xlsx_gives_the_centre_typed():
    report = import_twice(xlsx_bytes(("Annuaire", typed_rows())))
    assert report.new == 1 and report.notes == []
    check_the_typed_centre()


def test_a_hand_typed_ods_gives_the_centre_typed():
    report = import_twice(ods_bytes([ods_typed_rows()]))
    assert report.new == 1 and report.notes == []
    check_the_typed_centre()


def test_an_empty_sheet_before_the_table_is_passed_over_and_said():
    content = xlsx_bytes(("Feuille1", []), ("Annuaire", typed_rows()))
    report = import_twice(content)
    assert report.notes == [
        "La feuille «\u00a0Feuille1\u00a0» est vide\u00a0: la feuille «\u00a0Annuaire\u00a0», "
        "qui la suit, est lue."
    ]
    check_the_typed_centre()


def test_an_empty_ods_sheet_before_the_table_is_passed_over_and_said():
    # LibreOffice writes an empty sheet as one row of empty cells repeated to the end.
    empty = ods_row('<table:table-cell table:number-columns-repeated="1024"/>', repeat=1048576)
    report = import_twice(ods_bytes([empty, ods_typed_rows()]))
    assert report.notes == [
        "La feuille «\u00a0Feuille1\u00a0» est vide\u00a0: la feuille «\u00a0Feuille2\u00a0», "
        "qui la suit, est lue."
    ]
    check_the_typed_centre()


def test_blank_rows_above_the_header_are_passed_over_and_rows_keep_their_numbers():
    content = xlsx_bytes(("Annuaire", typed_rows()), blank_rows=2)
    report = import_twice(content)
    assert [r.line for r in report.rows] == [4]  # the row the person sees in the spreadsheet
    check_the_typed_centre()


def test_header_errors_name_the_row_of_the_headers():
    rows = typed_rows()
    rows[0][1] = "nom du centre"
    report = import_file(CentreResource(), xlsx_bytes(("Annuaire", rows), blank_rows=2))
    assert str(report.errors[0]) == "ligne 3\u00a0: colonnes inconnues\u00a0: nom du centre."


def test_a_title_above_the_header_is_an_error_naming_the_expected_columns():
    rows = [["Annuaire des centres, mars 2025"], [], *typed_rows()]
    report = import_file(CentreResource(), xlsx_bytes(("Annuaire", rows)))
    messages = [str(error) for error in report.errors]
    assert "colonnes inconnues\u00a0: Annuaire des centres, mars 2025." in messages[0]
    assert messages[-1].startswith(
        "ligne 1\u00a0: la première ligne non vide du fichier, sans titre au-dessus, doit "
        "nommer ces colonnes\u00a0: identifiant, nom,"
    )
    assert not Centre.objects.exists()


def test_a_csv_with_us_ordered_dates_is_refused_and_says_why():
    # An English-language spreadsheet re-saved the export: 02/03/25 is now 3 February.
    content = csv_bytes(
        [
            row(identifiant="a", nom="A", verifie_le="02/03/25"),
            row(identifiant="b", nom="B", verifie_le="03/25/25"),
        ]
    )
    report = import_file(CentreResource(), content)
    [error] = report.errors
    assert (error.line, error.column) == (3, "verifie_le")
    assert error.message.startswith(
        "«\u00a003/25/25\u00a0» n’est pas une date française (JJ/MM)\u00a0: le tableur semble "
        "avoir écrit les dates à l’américaine"
    )
    assert not Centre.objects.exists()  # nor the first row, whose date would be misread


def test_french_dates_whose_day_is_past_12_are_read(db):
    content = csv_bytes([row(identifiant="a", nom="A", verifie_le="25/03/25")])
    assert import_file(CentreResource(), content).saved
    assert Centre.objects.get().verified_on == datetime.date(2025, 3, 25)
