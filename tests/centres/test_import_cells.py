"""Cells as spreadsheets and French office software write them: nothing changed silently."""

import datetime
from decimal import Decimal

import pytest

from centres.models import Centre
from tests.centres.test_import_rules import row, run

pytestmark = pytest.mark.django_db


def errors_of(report, column):
    return [e.message for e in report.errors if e.column == column]


# Phone numbers typed as numbers lose their leading 0


@pytest.mark.parametrize(
    ("departements", "cell", "stored"),
    [
        ("972", "596686452", "+596596686452"),  # Martinique: 0596 68 64 52
        ("974", "262123456", "+262262123456"),  # La Réunion
        ("69", "478770143", "+33478770143"),  # Rhône: 04 78 77 01 43
    ],
)
def test_a_lost_leading_zero_is_put_back_when_the_territory_is_certain(departements, cell, stored):
    report = run([row(departements=departements, telephone=cell)])
    assert report.ok, report.errors
    assert Centre.objects.get().phone == stored


def test_a_lost_leading_zero_is_refused_when_the_territory_does_not_say(db):
    # 0596… is Martinique, but the centre serves the Rhône: never store another number.
    report = run([row(departements="69", telephone="596686452")])
    [message] = errors_of(report, "telephone")
    assert "a perdu son 0 initial" in message
    assert "'0596686452" in message
    assert not Centre.objects.exists()


# Dates


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("02/03/25", datetime.date(2025, 3, 2)),  # LibreOffice in French re-saving a CSV
        ("02/03/2025", datetime.date(2025, 3, 2)),
        ("2025-03-02", datetime.date(2025, 3, 2)),
    ],
)
def test_dates_as_french_office_software_writes_them(cell, date):
    report = run([row(verifie_le=cell)])
    assert report.ok, report.errors
    assert Centre.objects.get().verified_on == date


def test_a_date_that_reads_two_ways_is_an_error_that_says_so(db):
    report = run([row(verifie_le="25-03-02")])
    [message] = errors_of(report, "verifie_le")
    assert "peut se lire de deux façons" in message


# Coordinates, postcodes, identifiants


def test_coordinates_with_up_to_seven_decimals_are_rounded(db):
    report = run([row(latitude="45.7485123", longitude="4,8467449")])
    assert report.ok, report.errors
    centre = Centre.objects.get()
    assert (centre.latitude, centre.longitude) == (Decimal("45.74851"), Decimal("4.84674"))
    too_precise = run([row(latitude="45.74851234", longitude="4.8467")])
    [message] = errors_of(too_precise, "latitude")
    assert "7 au plus" in message


@pytest.mark.parametrize("cell", ["69\u00a0008", "69\u2009008", "69\u202f008", " 69 008 "])
def test_invisible_spaces_in_a_postcode_are_removed(cell):
    report = run([row(code_postal=cell)])
    assert report.ok, report.errors
    assert Centre.objects.get().postcode == "69008"


def test_a_bad_postcode_gets_one_message(db):
    report = run([row(code_postal="69\u00a000")])
    assert len(errors_of(report, "code_postal")) == 1


def test_identifiants_are_compared_without_case_or_accents(make_centre):
    make_centre(slug="labo-cites", name="Centre A", departements=("69",))
    report = run([row(identifiant="LABO-CITÉS", nom="Centre A")])
    assert report.ok, report.errors
    assert (report.new, report.updated + report.unchanged) == (0, 1)
    assert list(Centre.objects.values_list("slug", flat=True)) == ["labo-cites"]


def test_two_spellings_of_one_identifiant_in_a_file_are_one_too_many(db):
    report = run([row(identifiant="labo-cites"), row(identifiant="Labo-Cités")])
    [message] = errors_of(report, "identifiant")
    assert "figure déjà ligne 2" in message
    assert not Centre.objects.exists()


# Line ends and control characters


def test_an_export_resaved_with_lf_line_ends_is_unchanged(make_centre):
    from centres.resources import CentreResource
    from crpv.spreadsheets.importer import import_file
    from crpv.spreadsheets.write import EXPORT_FORMATS

    make_centre(slug="deux-lignes", description="première ligne\r\nseconde ligne")
    csv_format = next(f for f in EXPORT_FORMATS if f.key == "csv")
    content = csv_format().export_data(CentreResource().export())
    resaved = content.replace(b"\r\n", b"\n")  # as LibreOffice in French re-saves a CSV
    report = import_file(CentreResource(), resaved)
    assert report.ok, report.errors
    assert report.unchanged == 1


def test_a_vertical_tab_is_a_line_break_and_other_control_characters_are_refused(db):
    report = run([row(description="Ligne\u000bsuivante")])  # Word's line break
    assert report.ok, report.errors
    assert Centre.objects.get().description == "Ligne\nsuivante"
    refused = run([row(identifiant="autre", description="bip\u0007")])
    [message] = errors_of(refused, "description")
    assert "caractère de contrôle invisible" in message


def test_the_admin_form_refuses_control_characters(admin_client, make_centre):
    from django.conf import settings

    centre = make_centre(slug="labo-cites", departements=("69",))
    url = f"/{settings.ADMIN_URL}/centres/centre/{centre.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        departements=[d.pk for d in centre.departements.all()],
        description="bip\u0007",
        referents=[],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "caractère de contrôle invisible" in response.content.decode()
    centre.refresh_from_db()
    assert "\u0007" not in centre.description


def test_a_control_character_in_the_database_never_makes_the_export_unreadable(make_centre):
    from centres.resources import CentreResource
    from crpv.spreadsheets.importer import import_file
    from crpv.spreadsheets.write import EXPORT_FORMATS

    centre = make_centre(slug="bip")
    Centre.objects.filter(pk=centre.pk).update(description="bip\u0007")  # around save()
    for fmt in EXPORT_FORMATS:
        content = fmt().export_data(CentreResource().export())
        report = import_file(CentreResource(), content, dry_run=True)
        # Read as a table; the cell is named (XLSX cannot hold the character: it is dropped
        # there, and the preview shows the description as changed).
        assert not [e for e in report.errors if e.line == 0], fmt.key
        assert report.errors or report.rows[0].changes[0].column == "description", fmt.key
