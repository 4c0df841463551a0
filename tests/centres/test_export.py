"""Exports: five formats, formulas made inert, and a round trip that changes nothing."""

import csv
import io
import json
import re
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from centres.models import Centre, Theme
from centres.resources import CentreResource
from crpv.spreadsheets.importer import import_file
from crpv.spreadsheets.read import read_table
from crpv.spreadsheets.write import EXPORT_FORMATS, XLSX

pytestmark = pytest.mark.django_db

FORMATS_BY_KEY = {f.key: f for f in EXPORT_FORMATS}
# An ODS cell has no carriage return (LibreOffice neither): "\r\n" is written as a line
# break, read back as "\n". The tests of descriptions holding "\r\n" leave it out until
# line ends are one form (issue 12); test_ods_round_trip covers it.


def export_centres(format_key):
    """Return every centre as a file in the format ``format_key``, as the admin writes it."""
    return FORMATS_BY_KEY[format_key]().export_data(CentreResource().export())


TRICKY_DESCRIPTION = 'Un «\u00a0centre\u00a0» dit "ressources" ;\nsur deux lignes, l’été.\nFin'


@pytest.fixture
def directory(make_centre):
    themes = list(Theme.objects.all()[:2])
    make_centre(
        name="Ville Caraïbe",
        slug="ville-caraibe",
        departements=("972",),
        phone="0596 68 64 52",
        phone_2="+596 696 12 34 56",
        description=TRICKY_DESCRIPTION,
        themes=themes,
        latitude="14.60365",
        longitude="-61.07418",
        year_created=2007,
        postcode="97200",
        city="Fort-de-France",
        legal_form="association",
        verified_on="2025-03-02",
        email="contact@villecaraibe.com",
        website="https://www.villecaraibe.com",
    )
    make_centre(
        name='=HYPERLINK("https://evil.example";"clic")',
        slug="formule",
        acronym="+SUM(A1:A9)",
        city="-2+3",
        source="@cmd",
        departements=("2A", "2B"),
        is_published=False,
    )
    return Centre.objects.all()


@pytest.mark.parametrize("key", list(FORMATS_BY_KEY))
def test_reimporting_an_export_changes_nothing(directory, key):
    before = list(Centre.objects.order_by("pk").values())
    content = export_centres(format_key=key)
    report = import_file(CentreResource(), content)
    assert report.ok, report.errors
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2), [
        r.changes for r in report.rows
    ]
    assert list(Centre.objects.order_by("pk").values()) == before


def test_the_public_open_data_csv_is_imported_back_as_it_is(client, directory):
    # The open-data page says so: its derived columns (régions, url…) are accepted, not read.
    Centre.objects.update(is_published=True)
    before = list(Centre.objects.order_by("pk").values())
    content = client.get("/centres/export.csv").content
    report = import_file(CentreResource(), content)
    assert report.ok, report.errors
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert list(Centre.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("key", list(FORMATS_BY_KEY))
def test_an_export_imported_into_an_empty_directory_gives_the_same_centres(directory, key):
    content = export_centres(format_key=key)
    fields = [
        "slug",
        "name",
        "acronym",
        "description",
        "phone",
        "phone_2",
        "latitude",
        "longitude",
        "verified_on",
        "is_published",
        "carrying_structure",
        "source",
        "city",
    ]
    before = list(Centre.objects.order_by("slug").values(*fields))
    themes = {c.slug: set(c.themes.all()) for c in Centre.objects.all()}
    Centre.objects.all().delete()
    report = import_file(CentreResource(), content)
    assert report.ok and report.new == 2, report.errors
    assert list(Centre.objects.order_by("slug").values(*fields)) == before
    caraibe = Centre.objects.get(slug="ville-caraibe")
    assert caraibe.description == TRICKY_DESCRIPTION
    assert caraibe.phone == "+596596686452" and caraibe.phone_2 == "+596696123456"
    assert {c.slug: set(c.themes.all()) for c in Centre.objects.all()} == themes


def test_csv_for_excel_has_a_bom_semicolons_and_readable_phones(directory):
    content = export_centres(format_key="csv-excel")
    assert content.startswith(b"\xef\xbb\xbfidentifiant;nom;")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    caraibe = next(r for r in rows if r["identifiant"] == "ville-caraibe")
    assert caraibe["telephone"] == "0596 68 64 52"
    assert caraibe["telephone_2"] == "0696 12 34 56"
    assert caraibe["longitude"] == "-61,07418"  # a number for French Excel, not escaped
    assert caraibe["description"] == TRICKY_DESCRIPTION


def test_plain_csv_uses_commas_and_no_bom(directory):
    content = export_centres(format_key="csv")
    assert content.startswith(b"identifiant,nom,")
    assert "Caraïbe".encode() in content
    assert b",-61.07418," in content


@pytest.mark.parametrize("key", ["csv", "csv-excel"])
def test_csv_escapes_formulas_in_every_text_cell(directory, key):
    content = export_centres(format_key=key).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content, newline=""), delimiter=content[11]))
    evil = next(r for r in rows if r["identifiant"] == "formule")
    assert evil["nom"] == '\'=HYPERLINK("https://evil.example";"clic")'
    assert evil["sigle"] == "'+SUM(A1:A9)"
    assert evil["ville"] == "'-2+3"
    assert evil["source"] == "'@cmd"


def test_a_leading_tab_is_escaped_too(make_centre):
    make_centre(slug="blancs", description="\tTAB")
    for key in ("csv", "csv-excel"):
        cells = read_table(export_centres(format_key=key)).rows[0][1]
        assert "'\tTAB" in cells, key
    cells = read_table(export_centres(format_key="xlsx")).rows[0][1]
    assert "\tTAB" in cells  # quote-prefixed, without a visible apostrophe


def test_every_kind_of_line_break_is_stored_as_one(make_centre):
    # A textarea sends CRLF, LibreOffice re-saves LF, Word's line break is a vertical tab.
    centre = make_centre(description="un\r\ndeux\rtrois\vquatre", carrying_structure="\rCR")
    centre.refresh_from_db()
    assert centre.description == "un\ndeux\ntrois\nquatre"
    assert centre.carrying_structure == "\nCR"


def test_xlsx_writes_formulas_as_quote_prefixed_text_without_an_apostrophe(directory):
    content = export_centres(format_key="xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row}
    evil = cells['=HYPERLINK("https://evil.example";"clic")']
    assert evil.data_type == "s" and evil.quotePrefix
    for text in ("+SUM(A1:A9)", "@cmd", "-2+3"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert not cells["Ville Caraïbe"].quotePrefix
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert not any(str(value).startswith("'") for value in cells)
    assert headers[:3] == ["identifiant", "nom", "sigle"]
    # In the file itself: a shared string, in a cell whose style has quotePrefix="1".
    archive = zipfile.ZipFile(io.BytesIO(content))
    styles = archive.read("xl/styles.xml").decode()
    quoted = [
        index
        for index, xf in enumerate(re.findall(r"<xf [^>]*>", styles.split("<cellXfs")[1]))
        if 'quotePrefix="1"' in xf
    ]
    assert quoted, styles
    xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    style = re.search(r'<c r="B\d+" s="(\d+)" t="inlineStr"><is><t>=HYPERLINK', xml)
    assert int(style.group(1)) in quoted


def test_xlsx_exports_of_before_this_change_still_import_unchanged(directory):
    # They put an apostrophe before a formula: the import still removes it.
    class EscapedXLSX(XLSX):
        escape = True

    content = EscapedXLSX().export_data(CentreResource().export())
    assert b"'=HYPERLINK" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert import_file(CentreResource(), content).unchanged == 2


def test_json_keeps_values_as_they_are(directory):
    data = json.loads(export_centres(format_key="json"))
    evil = next(item for item in data if item["identifiant"] == "formule")
    assert evil["nom"].startswith("=HYPERLINK")
    assert evil["departements"] == "2A, 2B"
    assert evil["publie"] == "non"


def test_export_runs_a_fixed_number_of_queries(make_centre, django_assert_max_num_queries):
    for i in range(30):
        make_centre(departements=("69", "01"), themes=Theme.objects.all()[:2], slug=f"c{i}")
    with django_assert_max_num_queries(4):
        content = export_centres(format_key="csv")
    assert len(read_table(content)) == 30


def test_export_command_writes_each_format(directory, tmp_path, capsys):
    for key in FORMATS_BY_KEY:
        path = tmp_path / f"annuaire.{key}"
        call_command("export_centres", "--format", key, "--output", str(path))
        report = import_file(CentreResource(), path.read_bytes())
        assert report.unchanged == 2, key
    call_command("export_centres")
    assert capsys.readouterr().out.startswith("identifiant,nom,")


def test_export_command_refuses_xlsx_on_the_terminal_and_bad_paths(directory, tmp_path):
    for key in ("xlsx", "ods"):
        with pytest.raises(CommandError, match="--output"):
            call_command("export_centres", "--format", key)
    with pytest.raises(CommandError, match="Impossible d’écrire"):
        call_command("export_centres", "--output", str(tmp_path / "absent" / "a.csv"))


# ODS, LibreOffice's own workbook


def test_ods_round_trip_reports_every_row_unchanged(directory):
    description = TRICKY_DESCRIPTION.replace("\r\n", "\n") + "\n\ttabulation  et espaces"
    Centre.objects.filter(slug="ville-caraibe").update(description=description)
    before = list(Centre.objects.order_by("pk").values())
    content = export_centres(format_key="ods")
    report = import_file(CentreResource(), content)
    assert report.ok, report.errors
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    Centre.objects.all().delete()
    assert import_file(CentreResource(), content).new == 2
    after = list(Centre.objects.order_by("slug").values("slug", "description", "name", "phone"))
    assert after == sorted(
        ({k: c[k] for k in ("slug", "description", "name", "phone")} for c in before),
        key=lambda c: c["slug"],
    )


def test_ods_writes_numbers_as_numbers_and_formulas_as_plain_text(directory):
    content = export_centres(format_key="ods")
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    xml = archive.read("content.xml").decode()
    assert 'office:value-type="float" office:value="-61.07418"' in xml
    assert 'office:value-type="float" office:value="2007"' in xml
    # Text, never a formula: no apostrophe, no table:formula.
    assert "<text:p>=HYPERLINK(" in xml and "table:formula" not in xml
    assert "'=" not in xml and "<text:p>+SUM(A1:A9)</text:p>" in xml
    # A line break in a cell, and no carriage return.
    assert "sur deux lignes, l’été.<text:line-break/>Fin" in xml and "\r" not in xml
    cells = read_table(content).rows
    evil = next(cells for _n, cells in cells if cells[0] == "formule")
    assert evil[1] == '=HYPERLINK("https://evil.example";"clic")'
