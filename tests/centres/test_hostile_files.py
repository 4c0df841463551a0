"""Hostile and huge files: each is refused with a French message or read at little cost.

The files are made here, small: what makes them hostile is what they declare or inflate to.
Each test asserts the outcome, and the memory that reading took (``tracemalloc``), which
the limits of ``crpv.spreadsheets.read`` keep small; ``benchmarks/hostile_files.py`` prints
the times.
"""

import io
import json
import re
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from crpv.spreadsheets.read import (
    MAX_CELL_LENGTH,
    MAX_COLUMNS,
    MAX_FILE_SIZE,
    MAX_ROWS,
    MAX_UNCOMPRESSED_SIZE,
    TableError,
    read_table,
)
from tests.centres.test_import_files import ods_bytes, ods_row, text_cell

SHEET = "xl/worksheets/sheet1.xml"
MEGABYTE = 1024 * 1024


def workbook(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(content, name, change):
    """Return the workbook ``content`` with its member ``name`` passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(member, change(data) if member.filename == name else data)
    return buffer.getvalue()


def read_cheaply(content, megabytes=30):
    """Return read_table(content), checking that it took less than ``megabytes`` of memory."""
    tracemalloc.start()
    try:
        return read_table(content)
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert peak < megabytes * MEGABYTE, f"{peak / MEGABYTE:.0f} MB"


def refused_cheaply(content, message, megabytes=30):
    with pytest.raises(TableError, match=message) as refused:
        read_cheaply(content, megabytes)
    return str(refused.value)


ROWS = [["identifiant", "nom", "ville"], ["a", "Centre A", "Lyon"], ["b", "Centre B", "Paris"]]


def test_a_workbook_declaring_the_whole_sheet_is_read_as_the_rows_it_holds():
    content = rewrite(
        workbook(ROWS),
        SHEET,
        lambda xml: re.sub(
            rb'<dimension ref="A1:C3" ?/>', b'<dimension ref="A1:XFD1048576"/>', xml
        ),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    table = read_cheaply(content)
    assert table.headers == ROWS[0]
    assert table.rows == [(2, ROWS[1]), (3, ROWS[2])]


def test_a_value_in_the_last_row_of_the_sheet_is_read_without_the_empty_rows_before():
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.active["A1048576"] = "z"
    buffer = io.BytesIO()
    book.save(buffer)
    # Not under tracemalloc, which makes the million empty rows slow to skip.
    table = read_table(buffer.getvalue())
    assert [number for number, _cells in table.rows] == [2, 3, 1048576]


def test_a_value_in_the_last_cell_of_the_sheet_is_refused():
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.active["XFD1048576"] = "z"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(TableError, match=f"au-delà de la colonne {MAX_COLUMNS}") as refused:
        read_table(buffer.getvalue())
    assert str(refused.value).startswith("La ligne 1048576 a des valeurs")


def zip_bomb():
    """Return a workbook holding 60 MB of spaces, deflated to a few kilobytes."""
    buffer = io.BytesIO(workbook(ROWS))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/bombe.xml", "w") as member:
            for _ in range(MAX_UNCOMPRESSED_SIZE // MEGABYTE + 10):
                member.write(b" " * MEGABYTE)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    content = zip_bomb()
    assert len(content) < MAX_FILE_SIZE / 10
    message = refused_cheaply(content, "Le classeur décompressé pèserait 6[0-9],[0-9]\u00a0Mo")
    assert "la limite est de 50\u00a0Mo" in message


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    b'<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    b'<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    b'<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    b'<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
)


@pytest.mark.parametrize("member", [SHEET, "xl/workbook.xml", "xl/styles.xml"])
def test_xml_entity_expansion_inside_a_workbook_is_refused(member):
    def bomb(xml):
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        # The first text of the member becomes a billion "lol".
        return BILLION_LAUGHS + body.replace(b"<v>", b"<v>&lol9;", 1).replace(
            b"<t>", b"<t>&lol9;", 1
        )

    content = rewrite(workbook(ROWS), member, bomb)
    refused_cheaply(content, "déclarations XML refusées par sécurité")


def test_a_csv_of_a_million_short_rows_is_refused_as_it_is_read():
    content = b"identifiant\n" + b"a\n" * 1_000_000
    assert len(content) < MAX_FILE_SIZE
    message = refused_cheaply(content, "plus de 10\u00a0000 lignes sous l’en-tête")
    assert message.endswith("Découpez-le en plusieurs fichiers.")


def test_a_csv_of_blank_lines_is_read_as_empty_of_rows():
    table = read_table(b"identifiant;nom\n" + b"\n" * 2_000_000)
    assert table.rows == []


def test_the_last_row_under_the_limit_is_read():
    content = b"identifiant\n" + b"a\n" * MAX_ROWS
    assert len(read_cheaply(content)) == MAX_ROWS
    with pytest.raises(TableError, match="plus de 10\u00a0000 lignes"):
        read_table(content + b"a\n")


@pytest.mark.parametrize("wrapped", [False, True], ids=["list", "open-data-object"])
def test_a_json_file_of_600000_objects_is_refused_as_it_is_read(wrapped):
    items = ",".join(['{"a":1}'] * 600_000)
    text = f'{{"meta": {{"n": 1}}, "centres": [{items}]}}' if wrapped else f"[{items}]"
    assert len(text) < MAX_FILE_SIZE
    refused_cheaply(text.encode(), "plus de 10\u00a0000 objets dans une liste")


@pytest.mark.parametrize(
    "text",
    ['[{"a": 1},]', '{"a": [{"b": 1}],}', '[{"a": 1}] [2]', '{"a" [1]}', "[" * 100_000],
)
def test_malformed_json_read_item_by_item_is_still_refused(text):
    with pytest.raises(TableError, match="JSON est mal formé"):
        read_table(text.encode())


def test_json_object_holding_one_list_among_other_values_is_read():
    text = json.dumps({"licence": "x", "total": 2, "centres": [{"a": "1"}, {"a": "2"}]})
    assert read_table(text.encode()).rows == [(2, ["1"]), (3, ["2"])]


def test_too_many_columns_are_refused():
    content = ";".join(f"c{i}" for i in range(MAX_COLUMNS + 1)).encode()
    refused_cheaply(content, f"La ligne 1 a des valeurs au-delà de la colonne {MAX_COLUMNS}")
    content = json.dumps([{f"c{i}": 1 for i in range(5000)}]).encode()
    refused_cheaply(content, f"au-delà de la colonne {MAX_COLUMNS}")


@pytest.mark.parametrize("length", [MAX_CELL_LENGTH + 1, 200_000])
def test_a_cell_longer_than_the_limit_is_refused(length):
    content = b"identifiant;description\na;" + b"x" * length + b"\n"
    message = refused_cheaply(content, "la limite est de 50\u00a0000|dépasse 50\u00a0000")
    if length < 131_072:
        assert message.startswith("Ligne 2, colonne 2\u00a0: la cellule compte 50\u00a0001")


def test_a_cell_at_the_limit_is_read():
    content = b"identifiant;description\na;" + b"x" * MAX_CELL_LENGTH + b"\n"
    assert len(read_table(content).rows[0][1][1]) == MAX_CELL_LENGTH


# XLSX read as a stream: what openpyxl would keep in memory is dropped as it is read


def test_a_sheet_of_row_elements_with_attributes_is_read_in_little_memory():
    filler = b"".join(b'<row r="%d" ht="15" customHeight="1"/>' % n for n in range(4, 100_004))
    content = rewrite(
        workbook(ROWS), SHEET, lambda xml: xml.replace(b"</sheetData>", filler + b"</sheetData>")
    )
    # openpyxl keeps a dictionary for each such row: 60 MB here, 600 MB for a million.
    assert read_cheaply(content, megabytes=5).rows == [(2, ROWS[1]), (3, ROWS[2])]


def test_a_row_of_endless_cells_is_refused():
    cells = b"".join(b'<c r="A2" t="inlineStr"><is><t>x</t></is></c>' for _ in range(20_000))
    content = rewrite(
        workbook(ROWS),
        SHEET,
        lambda xml: xml.replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>"),
    )
    refused_cheaply(content, "un élément de plus de 50\u00a0000 parties")


def test_endless_merged_ranges_are_refused():
    merges = b"<mergeCells>" + b'<mergeCell ref="A2:A3"/>' * 1001 + b"</mergeCells>"
    content = rewrite(
        workbook(ROWS), SHEET, lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merges)
    )
    refused_cheaply(content, "plus de 1\u00a0000 plages de cellules fusionnées")


def test_a_workbook_past_the_budget_of_xml_elements_is_refused(monkeypatch):
    monkeypatch.setattr("crpv.spreadsheets.read.MAX_XML_ELEMENTS", 500)
    filler = b"<row/>" * 1000
    content = rewrite(
        workbook(ROWS), SHEET, lambda xml: xml.replace(b"</sheetData>", filler + b"</sheetData>")
    )
    refused_cheaply(content, "plus de 500 éléments XML")
    # The same budget for ODS.
    refused_cheaply(ods_bytes([ods_row(text_cell("a")) * 300]), "plus de 500 éléments XML")


def test_endless_kinds_of_xml_elements_are_refused():
    # XML parsers keep each tag name they meet: 500 MB for a million names.
    filler = b"".join(b"<x%d/>" % n for n in range(3000))
    content = rewrite(
        workbook(ROWS), SHEET, lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + filler)
    )
    refused_cheaply(content, "plus de 2\u00a0000 sortes d’éléments XML")
    filler = "".join(f"<x{n}/>" for n in range(3000))
    refused_cheaply(ods_bytes([ods_row(text_cell("a")) + filler]), "sortes d’éléments XML")


def test_a_tag_of_endless_attributes_is_refused_as_it_is_read():
    # A million attributes would take 300 MB and 20 s to parse.
    tag = b"<x " + b"".join(b'a%d="" ' % n for n in range(200_000)) + b"/>"
    content = rewrite(
        workbook(ROWS), SHEET, lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + tag)
    )
    refused_cheaply(content, "un élément XML de plus de 1\u00a0Mo")
    # Long text is not a long tag: the longest cell Excel holds (32,767 characters) is read.
    long = "é" * 32_767
    assert read_table(workbook([["identifiant"], [long]])).rows == [(2, [long])]


def test_endless_relations_formats_or_styles_are_refused(monkeypatch):
    # Each kept in a dictionary while the workbook is read: bounded like the rest.
    monkeypatch.setattr("crpv.spreadsheets.read._MAX_PARTS", 2)
    refused_cheaply(workbook(ROWS), "plus de 2 relations\u00a0: ce n’est pas un classeur ordinaire")


# ODS: LibreOffice writes runs of rows and cells once, with a repeat count


def test_an_ods_row_repeated_a_billion_times_is_refused_at_the_row_limit():
    rows = ods_row(text_cell("identifiant")) + ods_row(text_cell("a"), repeat=10**9)
    refused_cheaply(ods_bytes([rows]), "plus de 10\u00a0000 lignes")


def test_an_ods_cell_repeated_across_the_sheet_is_refused_at_the_column_limit():
    rows = ods_row(text_cell("identifiant"), text_cell("x", repeat=16384))
    refused_cheaply(ods_bytes([rows]), f"au-delà de la colonne {MAX_COLUMNS}")


def test_an_ods_value_after_a_million_empty_cells_is_refused_and_empty_runs_cost_nothing():
    empty = '<table:table-cell table:number-columns-repeated="1000000"/>'
    refused_cheaply(ods_bytes([ods_row(empty, text_cell("x"))]), "au-delà de la colonne")
    table = read_cheaply(ods_bytes([ods_row(text_cell("identifiant"), empty)]))
    assert table.headers == ["identifiant"]


def test_xml_entity_expansion_inside_an_ods_is_refused():
    content = ods_bytes(
        [ods_row(text_cell("&lol9;"))], prolog=BILLION_LAUGHS.split(b"?>")[1].decode()
    )
    refused_cheaply(content, "déclarations XML refusées par sécurité")


def test_an_ods_cell_of_endless_markup_is_refused():
    spans = "<text:span>" * 5000 + "x" + "</text:span>" * 5000
    content = ods_bytes([ods_row(text_cell("identifiant")) + ods_row(text_cell(spans, spans))])
    refused_cheaply(
        content, "Ligne 2\u00a0: les cellules de la ligne contiennent plus de 10\u00a0000 éléments"
    )


def test_an_ods_zip_bomb_is_refused_before_it_is_inflated():
    buffer = io.BytesIO(ods_bytes([ods_row(text_cell("identifiant"))]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("Pictures/bombe.png", "w") as member:
            for _ in range(MAX_UNCOMPRESSED_SIZE // MEGABYTE + 1):
                member.write(b"\0" * MEGABYTE)
    refused_cheaply(buffer.getvalue(), "Le classeur décompressé pèserait")


# Through the admin and the command: a French message, never a 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: zip_bomb(), "Le classeur décompressé pèserait"),
        (lambda: b"identifiant\n" + b"a\n" * 1_000_000, "plus de 10\u00a0000 lignes"),
        (lambda: ("[" + ",".join(['{"a":1}'] * 600_000) + "]").encode(), "10\u00a0000 objets"),
    ],
    ids=["zip-bomb", "csv-million-rows", "json-600000-objects"],
)
def test_the_admin_and_the_command_refuse_huge_files_in_french(
    client, staff_user, tmp_path, content, message
):
    content = content()
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:centres_centre_import"),
        {"import_file": SimpleUploadedFile("annuaire", content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    path = tmp_path / "annuaire"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_centres", str(path))


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_cycle_collector_as_it_was(enabled):
    # It is paused while a file is read (millions of short-lived objects, no cycles).
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(TableError):
            read_table(zip_bomb())
        assert read_table(workbook(ROWS)).rows
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_workbook_naming_one_empty_sheet_a_thousand_times_is_refused_cheaply():
    # Each sheet tried opens its member again: only the first 20 are tried.
    book = openpyxl.Workbook()
    book.create_sheet("Annuaire").append(["identifiant"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = b'<sheet name="Vide%d" sheetId="%d" r:id="rId1"/>'
    content = rewrite(
        buffer.getvalue(),
        "xl/workbook.xml",
        lambda xml: re.sub(
            rb"<sheets>.*</sheets>",
            b"<sheets>" + b"".join(sheet % (n, n) for n in range(1, 1001)) + b"</sheets>",
            xml,
        ),
    )
    with pytest.raises(TableError, match="Les 20 premières feuilles du classeur sont vides"):
        read_table(content)
