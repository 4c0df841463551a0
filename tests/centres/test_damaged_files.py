"""Damaged workbooks: an XLSX or ODS whose archive or XML is broken (a file cut during the
upload, a sheet edited by hand) is refused with a French message naming the kind of file,
never a 500 and never a half-read table."""

import io
import zipfile

import pytest

from crpv.spreadsheets.read import TableError, read_table
from tests.centres.test_hostile_files import ROWS, SHEET, rewrite, workbook
from tests.centres.test_import_files import ods_bytes, ods_row, text_cell


def refused(content, message):
    with pytest.raises(TableError, match=message) as error:
        read_table(content)
    return str(error.value)


def ods():
    return ods_bytes([ods_row(text_cell("identifiant"), text_cell("nom"))])


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: xml[: len(xml) // 2],  # cut in the middle of an element
        lambda xml: xml.replace(b"<sheetData>", b'<sheetData><row r="x">', 1),  # bad index
        lambda xml: b"not XML at all",
    ],
    ids=["cut", "bad-row-number", "not-xml"],
)
def test_a_damaged_xlsx_sheet_is_refused_as_a_damaged_excel_workbook(change):
    content = rewrite(workbook(ROWS), SHEET, change)
    message = refused(content, "Le classeur Excel est endommagé")
    assert "Enregistrez le tableau" in message  # the advice follows


@pytest.mark.parametrize(
    "change",
    [lambda xml: xml[: len(xml) // 2], lambda xml: b"<office:document-content>"],
    ids=["cut", "unclosed"],
)
def test_a_damaged_ods_content_is_refused_as_a_damaged_libreoffice_workbook(change):
    content = rewrite(ods(), "content.xml", change)
    refused(content, "Le classeur LibreOffice est endommagé")


def test_a_cut_archive_is_refused_as_not_a_readable_workbook():
    content = workbook(ROWS)
    refused(content[: len(content) // 2], "pas un classeur Excel ou LibreOffice")


def test_an_archive_whose_member_does_not_match_its_checksum_is_refused():
    content = bytearray(workbook(ROWS))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo(SHEET)
    # Flip one byte of the sheet's compressed data: zipfile's CRC check fails when it is read.
    position = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    content[position] ^= 0xFF
    refused(bytes(content), "endommagé|pas un classeur")
