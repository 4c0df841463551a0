"""Reading files as people make them: encodings, delimiters, workbooks, and non-tables."""

import datetime
import io
import json
import random
import zipfile

import openpyxl
import pytest

from crpv.spreadsheets.read import MAX_FILE_SIZE, TableError, read_table

HEADER = ["identifiant", "nom", "ville"]


def test_french_excel_csv_in_windows_1252_with_semicolons_and_crlf():
    content = "identifiant;nom;ville\r\ncaraibe;Ville Caraïbe;Fort-de-France\r\n".encode("cp1252")
    table = read_table(content)
    assert table.headers == HEADER
    assert table.rows == [(2, ["caraibe", "Ville Caraïbe", "Fort-de-France"])]


def test_utf8_with_bom_and_commas_and_lf():
    content = "\ufeffidentifiant,nom,ville\nlabo,Labo Cités,Lyon\n".encode()
    table = read_table(content)
    assert table.headers == HEADER
    assert table.rows == [(2, ["labo", "Labo Cités", "Lyon"])]


def test_utf8_without_bom_and_tabs():
    table = read_table("identifiant\tnom\tville\nlabo\tLabo Cités\tLyon\n".encode())
    assert table.rows[0][1] == ["labo", "Labo Cités", "Lyon"]


def test_utf16_unicode_text_from_excel():
    content = "identifiant\tnom\tville\r\nlabo\tLabo Cités\tLyon\r\n".encode("utf-16")
    assert read_table(content).rows[0][1][1] == "Labo Cités"


def test_excel_sep_line_names_the_delimiter():
    table = read_table(b"sep=;\r\nidentifiant;nom;ville\r\nlabo;Labo, Cites;Lyon\r\n")
    assert table.headers == HEADER
    assert table.rows == [(2, ["labo", "Labo, Cites", "Lyon"])]


def test_line_breaks_and_quotes_inside_cells_are_kept_and_rows_keep_their_number():
    content = (
        b'identifiant;nom;ville\r\na;"Le ""grand""\r\ncentre";Lyon\r\n'
        b'\r\n;;\r\nb;"deux\nlignes";Paris\r\n'
    )
    table = read_table(content)
    # The blank row 3 and the empty row 4 are skipped; numbering follows the spreadsheet.
    assert table.rows == [
        (2, ["a", 'Le "grand"\r\ncentre', "Lyon"]),
        (5, ["b", "deux\nlignes", "Paris"]),
    ]


def test_trailing_empty_cells_are_ignored_but_extra_values_are_reported():
    table = read_table(b"identifiant;nom;ville;;\r\na;A;Lyon;;\r\nb;B;Paris;en trop;\r\n")
    assert table.headers == HEADER
    assert table.rows[0] == (2, ["a", "A", "Lyon"])
    assert [number for number, _message in table.row_errors] == [3]
    assert "4 cellules pour 3 colonnes" in table.row_errors[0][1]


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_workbook_numbers_become_text_without_decimals():
    table = read_table(xlsx_bytes([["identifiant", "nom", "annee"], ["a", "Labo Cités", 1993.0]]))
    assert table.format == "xlsx"
    assert table.rows == [(2, ["a", "Labo Cités", "1993"])]


def test_json_list_of_objects():
    content = json.dumps([{"identifiant": "a", "nom": "Ville Caraïbe", "publie": True}])
    table = read_table(content.encode())
    assert table.headers == ["identifiant", "nom", "publie"]
    assert table.rows == [(2, ["a", "Ville Caraïbe", "oui"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "vide"),
        (b"  \r\n\r\n", "vide"),
        (b"\xef\xbb\xbf", "vide"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF, pas un tableau"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel 97-2003"),
        (b"PK\x03\x04not really a workbook", "pas un classeur Excel"),
        (b"\x81\x8d\x8f\x90\x9d" * 20, "encodage inconnu"),
        (b"identifiant\x00nom\x01\x02", "pas un tableau lisible"),
        (b'[{"identifiant": "a",', "JSON est mal formé"),
        (b'{"a": 1}', "liste d’objets"),
        (b"[]", "aucune ligne"),
    ],
)
def test_files_that_are_not_tables_get_a_french_message(content, message):
    with pytest.raises(TableError, match=message):
        read_table(content)


# First bytes of what read_table recognises before decoding (signatures, byte-order marks, ZIP)
# or after (JSON, leading blanks): random content must not be decided by one of them.
_KNOWN_FIRST_BYTES = set(b"%\x89\xffG\x1fR7{[\xd0P\xef\xfe \t\r\n")
_ANY_BYTE = list(range(256))
# Bytes Windows-1252 decodes, so that the control-character check is reached, not the decoder.
_CP1252_BYTES = [b for b in range(256) if b not in b"\x81\x8d\x8f\x90\x9d"]


@pytest.mark.parametrize(
    ("alphabet", "message"),
    [
        (_ANY_BYTE, "pas un texte lisible"),
        (_CP1252_BYTES, "pas un tableau lisible"),
    ],
    ids=["any-byte", "windows-1252"],
)
@pytest.mark.parametrize("seed", range(10))
def test_random_bytes_are_refused_with_a_french_message(seed, alphabet, message):
    rng = random.Random(seed)
    first = rng.choice([b for b in alphabet if b not in _KNOWN_FIRST_BYTES])
    content = bytes([first, *rng.choices(alphabet, k=1999)])
    with pytest.raises(TableError, match=message) as refused:
        read_table(content)
    assert str(refused.value).endswith("Enregistrez le tableau au format CSV, XLSX, ODS ou JSON.")


def test_file_over_five_megabytes_is_refused():
    with pytest.raises(TableError, match="limite est de 5\u00a0Mo"):
        read_table(b"identifiant\n" + b"a" * MAX_FILE_SIZE)


# ODS, LibreOffice's own workbook: content.xml as LibreOffice writes it

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def ods_bytes(
    sheets,
    mimetype="application/vnd.oasis.opendocument.spreadsheet",
    prolog="",
    styles="",
    manifest="<manifest/>",
):
    """Return an ODS file whose sheets hold ``sheets`` (the XML of each one's rows); each
    sheet has the style ``ta1``, which ``styles`` (automatic styles) may define."""
    tables = "".join(
        f'<table:table table:name="Feuille{i}" table:style-name="ta1"><table:table-column '
        f'table:number-columns-repeated="1024"/>{rows}</table:table>'
        for i, rows in enumerate(sheets, 1)
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content '
        f"{ODS_NAMESPACES}><office:automatic-styles>{styles}</office:automatic-styles>"
        "<office:body><office:spreadsheet>"
        f"{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", content.encode(), zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def text_cell(*paragraphs, repeat=1):
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    return f'<table:table-cell office:value-type="string"{repeated}>{body}</table:table-cell>'


def ods_row(*cells, repeat=1):
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


EMPTY_TO_THE_END = (
    '<table:table-cell table:number-columns-repeated="1021"/>'  # LibreOffice fills each row
)


def test_ods_workbook_first_sheet_as_libreoffice_writes_it():
    rows = (
        ods_row(text_cell("identifiant"), text_cell("nom"), text_cell("annee"), EMPTY_TO_THE_END)
        + ods_row(
            text_cell("a"),
            text_cell(
                'Le <text:span>grand</text:span><text:s text:c="2"/>centre',
                "deuxième<text:tab/>ligne<text:line-break/>troisième",
            ),
            '<table:table-cell office:value-type="float" office:value="1993">'
            "<text:p>1 993</text:p></table:table-cell>",
            EMPTY_TO_THE_END,
        )
        # Empty rows between, then the empty rows down to the sheet's end, all repeated.
        + ods_row('<table:table-cell table:number-columns-repeated="1024"/>', repeat=3)
        + ods_row(
            text_cell("b"),
            '<table:table-cell office:value-type="string"><office:annotation><dc:creator>X'
            "</dc:creator><text:p>un commentaire</text:p></office:annotation>"
            "<text:p>Centre B</text:p></table:table-cell>",
            '<table:table-cell office:value-type="date" office:date-value="2025-03-02">'
            "<text:p>02/03/25</text:p></table:table-cell>",
        )
        + ods_row('<table:table-cell table:number-columns-repeated="1024"/>', repeat=1048570)
    )
    table = read_table(ods_bytes([rows, ods_row(text_cell("autre feuille"))]))
    assert table.format == "ods"
    assert table.headers == ["identifiant", "nom", "annee"]
    assert table.rows == [
        (2, ["a", "Le grand  centre\ndeuxième\tligne\ntroisième", "1993"]),
        (6, ["b", "Centre B", datetime.date(2025, 3, 2)]),
    ]


def test_ods_numbers_truth_values_and_repeated_cells():
    rows = ods_row(text_cell("a"), text_cell("b"), text_cell("c"), text_cell("d"), text_cell("e"))
    rows += ods_row(
        '<table:table-cell office:value-type="float" office:value="45.7485"/>',
        '<table:table-cell office:value-type="percentage" office:value="0.5"/>',
        '<table:table-cell office:value-type="boolean" office:boolean-value="true"/>',
        text_cell("x", repeat=2),
    )
    assert read_table(ods_bytes([rows])).rows == [(2, ["45.7485", "0.5", "oui", "x", "x"])]


def test_other_opendocument_files_and_empty_workbooks_get_a_french_message():
    with pytest.raises(TableError, match="document OpenDocument mais pas un classeur"):
        read_table(ods_bytes([""], mimetype="application/vnd.oasis.opendocument.text"))
    with pytest.raises(TableError, match="Le classeur est vide"):
        read_table(ods_bytes([ods_row(repeat=1048576)]))
    damaged = ods_bytes([ods_row(text_cell("a"))]).replace(b"content.xml", b"contenu.xml")
    with pytest.raises(TableError, match="classeur LibreOffice est endommagé"):
        read_table(damaged)


def test_workbooks_saved_with_a_password_are_named_as_such():
    # Excel: an OLE2 file holding an "EncryptedPackage" stream (its name in UTF-16).
    excel = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
    )
    # LibreOffice: an ODS whose manifest describes how each member is encrypted.
    libreoffice = ods_bytes([ods_row(text_cell("a"))], manifest="<manifest:encryption-data/>")
    for content in (excel, libreoffice):
        with pytest.raises(TableError, match="protégé par un mot de passe\u00a0: enregistrez-en"):
            read_table(content)
