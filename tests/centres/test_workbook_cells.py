"""Workbook cells as spreadsheets really write them: formulas, merged cells, hidden rows.

The files are an openpyxl workbook whose sheet is replaced by XML written here, as Excel and
LibreOffice write it.
"""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command

from centres.models import Centre
from centres.resources import COLUMNS, CentreResource
from crpv.spreadsheets.importer import import_file
from crpv.spreadsheets.read import XLSX_ERRORS, TableError, read_table
from tests.centres.test_hostile_files import SHEET, rewrite, workbook
from tests.centres.test_import_files import ods_bytes, ods_row, text_cell

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def text(reference, value):
    return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'


def xlsx(rows, after="", state=None):
    """Return a workbook whose first sheet holds ``rows`` (XML of <row> elements)."""
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>{after}</worksheet>'
    content = rewrite(workbook([["x"]]), SHEET, lambda _xml: sheet.encode())
    if state:
        content = rewrite(
            content,
            "xl/workbook.xml",
            lambda xml: xml.replace(b'state="visible"', f'state="{state}"'.encode()),
        )
    return content


HEADER = f'<row r="1">{text("A1", "identifiant")}{text("B1", "nom")}{text("C1", "annee")}</row>'


def test_numbers_are_read_exactly_and_dates_as_dates():
    rows = HEADER + (
        '<row r="2"><c r="A2"><v>12345678901234567890</v></c><c r="B2"><v>45.7485</v></c>'
        '<c r="C2"><v>1E3</v></c></row>'
    )
    assert read_table(xlsx(rows)).rows == [(2, ["12345678901234567890", "45.7485", "1000"])]
    book = openpyxl.Workbook()
    book.active.append(["identifiant", "verifie_le"])
    book.active.append(["a", datetime.date(2025, 3, 2)])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table(buffer.getvalue()).rows == [(2, ["a", datetime.datetime(2025, 3, 2)])]


def test_a_formula_gives_the_value_the_spreadsheet_stored():
    rows = HEADER + (
        '<row r="2">'
        + text("A2", "a")
        + '<c r="B2" t="str"><f>"Centre "&amp;A2</f><v>Centre a</v></c>'
        + '<c r="C2"><f>1990+3</f><v>1993</v></c></row>'
    )
    table = read_table(xlsx(rows))
    assert table.rows == [(2, ["a", "Centre a", "1993"])]
    assert table.cell_errors == [] and table.notes == []


@pytest.mark.parametrize("error", XLSX_ERRORS)
def test_an_error_value_is_an_error_naming_row_and_column(error):
    rows = HEADER + (
        '<row r="2">'
        + text("A2", "a")
        + text("B2", "A")
        + f'<c r="C2" t="e"><f>1/0</f><v>{error}</v></c></row>'
    )
    table = read_table(xlsx(rows))
    assert table.cell_errors == [
        (
            2,
            "annee",
            f"la cellule C2 affiche l’erreur {error} du tableur\u00a0: corrigez sa formule ou "
            "écrivez sa valeur.",
        )
    ]


def test_a_formula_without_a_stored_value_is_an_error_even_alone_on_its_row():
    rows = HEADER + '<row r="2"><c r="C2"><f>SUM(C3:C9)</f></c></row>'
    table = read_table(xlsx(rows))
    assert [number for number, _cells in table.rows] == [2]
    ((number, column, message),) = table.cell_errors
    assert (number, column) == (2, "annee")
    assert message.startswith("la formule de la cellule C2 n’a pas de valeur enregistrée")


@pytest.mark.django_db
def test_the_import_reports_formula_errors_with_their_row_and_column(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS))
    values = dict.fromkeys(COLUMNS, "")
    values.update(identifiant="a", nom="Centre A", departements="69", publie="oui")
    book.active.append([values[c] for c in COLUMNS])
    column = COLUMNS.index("annee_creation") + 1
    book.active.cell(2, column).value = "=1/0"  # openpyxl stores no value for it
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_file(CentreResource(), buffer.getvalue())
    assert not report.ok and not Centre.objects.exists()
    (error,) = report.errors
    assert (error.line, error.column) == (2, "annee_creation")
    assert "n’a pas de valeur enregistrée" in error.message
    assert report.rows[0].status == "error"


def test_a_value_merged_down_a_column_is_repeated_in_each_row():
    rows = HEADER + "".join(
        f'<row r="{n}">'
        + text(f"A{n}", f"c{n}")
        + (text("B2", "Centre") if n == 2 else "")
        + f'<c r="C{n}"><v>{n}</v></c></row>'
        for n in (2, 3, 4, 5)
    )
    merged = '<mergeCells count="1"><mergeCell ref="B2:B4"/></mergeCells>'
    table = read_table(xlsx(rows, after=merged))
    assert [cells[1] for _n, cells in table.rows] == ["Centre", "Centre", "Centre", ""]
    assert table.notes == [
        "Cellules fusionnées B2:B4\u00a0: la valeur de B2 est reprise dans chaque ligne."
    ]


def test_cells_merged_across_columns_are_an_error_and_over_the_header_refused():
    rows = HEADER + '<row r="2">' + text("A2", "a") + text("B2", "Centre") + "</row>"
    table = read_table(xlsx(rows, after='<mergeCells><mergeCell ref="B2:C2"/></mergeCells>'))
    assert table.cell_errors == [
        (
            2,
            "nom",
            "les cellules B2:C2 sont fusionnées sur plusieurs colonnes\u00a0: défusionnez-les "
            "et écrivez une valeur par cellule.",
        )
    ]
    with pytest.raises(TableError, match="fusionnées A1:C1 touchent la ligne d’en-tête"):
        read_table(xlsx(rows, after='<mergeCells><mergeCell ref="A1:C1"/></mergeCells>'))


def test_hidden_rows_are_read_and_named():
    rows = HEADER + "".join(
        f'<row r="{n}" hidden="{int(n in (3, 5))}">{text(f"A{n}", f"c{n}")}</row>'
        for n in (2, 3, 4, 5)
    )
    table = read_table(xlsx(rows))
    assert len(table.rows) == 4
    assert table.notes == [
        "Les lignes masquées dans le tableur sont importées comme les autres\u00a0: 3, 5."
    ]


def test_a_hidden_first_sheet_is_read_and_said():
    rows = HEADER + '<row r="2">' + text("A2", "a") + "</row>"
    table = read_table(xlsx(rows, state="hidden"))
    assert table.rows == [(2, ["a", "", ""])]
    assert table.notes == [
        "La feuille «\u00a0Sheet\u00a0», la première du classeur, est masquée\u00a0: elle est "
        "lue quand même."
    ]


@pytest.mark.django_db
def test_the_admin_preview_and_the_command_say_which_rows_were_hidden(
    client, staff_user, tmp_path, capsys
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS))
    for slug in ("a", "b"):
        values = dict.fromkeys(COLUMNS, "")
        values.update(identifiant=slug, nom=f"Centre {slug}", departements="69", publie="oui")
        book.active.append([values[c] for c in COLUMNS])
    book.active.row_dimensions[3].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    note = "La ligne masquée dans le tableur est importée comme les autres\u00a0: 3."
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:centres_centre_import"),
        {"import_file": SimpleUploadedFile("annuaire.xlsx", buffer.getvalue())},
    )
    assert note in response.content.decode()
    path = tmp_path / "annuaire.xlsx"
    path.write_bytes(buffer.getvalue())
    call_command("import_centres", str(path), "--dry-run")
    assert note in capsys.readouterr().out


# The same in ODS, as LibreOffice writes it


def ods_cells(*rows, hidden=(), styles=""):
    xml = ods_row(text_cell("identifiant"), text_cell("nom"), text_cell("annee"))
    for number, cells in enumerate(rows, start=2):
        visibility = ' table:visibility="collapse"' if number in hidden else ""
        xml += f"<table:table-row{visibility}>{''.join(cells)}</table:table-row>"
    return read_table(ods_bytes([xml], styles=styles))


def test_ods_formulas_give_their_stored_value_and_errors_are_errors():
    table = ods_cells(
        [
            text_cell("a"),
            text_cell("A"),
            '<table:table-cell table:formula="of:=1990+3" office:value-type="float" '
            'office:value="1993" calcext:value-type="float"><text:p>1993</text:p>'
            "</table:table-cell>",
        ],
        [
            text_cell("b"),
            text_cell("B"),
            '<table:table-cell table:formula="of:=1/0" office:value-type="float" '
            'office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p>'
            "</table:table-cell>",
        ],
        [text_cell("c"), text_cell("C"), '<table:table-cell table:formula="of:=[.C2]"/>'],
    )
    assert [cells[2] for _n, cells in table.rows] == ["1993", "#DIV/0!", "of:=[.C2]"]
    assert [(n, column) for n, column, _message in table.cell_errors] == [
        (3, "annee"),
        (4, "annee"),
    ]
    assert "affiche l’erreur #DIV/0! du tableur" in table.cell_errors[0][2]
    assert "la formule de la cellule C4 n’a pas de valeur" in table.cell_errors[1][2]


def test_ods_merged_cells_hidden_rows_and_hidden_sheet():
    merged = (
        '<table:table-cell office:value-type="string" table:number-rows-spanned="2">'
        "<text:p>Centre</text:p></table:table-cell>"
    )
    table = ods_cells(
        [text_cell("a"), merged],
        [text_cell("b"), "<table:covered-table-cell/>"],
        [
            text_cell("c"),
            '<table:table-cell office:value-type="string" table:number-columns-spanned="2">'
            "<text:p>C</text:p></table:table-cell>",
            "<table:covered-table-cell/>",
        ],
        hidden=(3,),
        styles='<style:style style:name="ta1" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>',
    )
    assert [cells[1] for _n, cells in table.rows] == ["Centre", "Centre", "C"]
    assert table.notes == [
        "La feuille «\u00a0Feuille1\u00a0», la première du classeur, est masquée\u00a0: elle "
        "est lue quand même.",
        "Cellules fusionnées B2:B3\u00a0: la valeur de B2 est reprise dans chaque ligne.",
        "La ligne masquée dans le tableur est importée comme les autres\u00a0: 3.",
    ]
    assert table.cell_errors == [
        (
            4,
            "nom",
            "les cellules B4:C4 sont fusionnées sur plusieurs colonnes\u00a0: défusionnez-les "
            "et écrivez une valeur par cellule.",
        )
    ]


def test_a_chart_sheet_before_the_first_worksheet_is_skipped():
    book = openpyxl.Workbook()
    book.active.append(["identifiant", "nom"])
    book.active.append(["a", "Centre A"])
    book.create_chartsheet("Graphique", 0)
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table(buffer.getvalue()).rows == [(2, ["a", "Centre A"])]


@pytest.mark.django_db
def test_a_date_cell_typed_in_libreoffice_is_imported():
    values = dict.fromkeys(COLUMNS, "")
    values.update(identifiant="a", nom="Centre A", departements="69", publie="oui")
    cells = [
        '<table:table-cell office:value-type="date" office:date-value="2025-03-02">'
        "<text:p>02/03/25</text:p></table:table-cell>"
        if column == "verifie_le"
        else text_cell(values[column])
        for column in COLUMNS
    ]
    content = ods_bytes([ods_row(*(text_cell(c) for c in COLUMNS)) + ods_row(*cells)])
    report = import_file(CentreResource(), content)
    assert report.ok, report.errors
    assert Centre.objects.get().verified_on == datetime.date(2025, 3, 2)
