"""Reading files as people make them: encodings, delimiters, workbooks, and non-tables."""

import io
import json
import random

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
    assert str(refused.value).endswith("Enregistrez le tableau au format CSV, XLSX ou JSON.")


def test_file_over_five_megabytes_is_refused():
    with pytest.raises(TableError, match="limite est de 5\u00a0Mo"):
        read_table(b"identifiant\n" + b"a" * MAX_FILE_SIZE)
