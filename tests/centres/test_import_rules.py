"""The import's rules, shared by the admin and the command: all or nothing, clear errors."""

import csv
import io

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry

from centres.models import Centre, Theme
from centres.resources import COLUMNS, CentreResource
from crpv.spreadsheets.importer import import_file, import_table
from crpv.spreadsheets.read import read_table

pytestmark = pytest.mark.django_db


def row(**values):
    """Return a valid row of the directory file; keyword arguments override cells."""
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(identifiant="centre-a", nom="Centre A", departements="69", publie="oui")
    cells.update(values)
    return cells


def csv_bytes(rows, headers=COLUMNS, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([r.get(h, "") for h in headers] for r in rows)
    return buffer.getvalue().encode(encoding)


def run(rows, **kwargs):
    return import_table(CentreResource(), read_table(csv_bytes(rows)), **kwargs)


def test_new_centres_are_created_with_their_departements_and_themes():
    theme = Theme.objects.first()
    report = run(
        [
            row(departements="69 01", themes=theme.name.upper(), telephone="04 78 77 01 43"),
            row(
                identifiant="caraibe",
                nom="Ville Caraïbe",
                departements="972",
                telephone="+596 596 68 64 52",
                verifie_le="03/02/2025",
                publie="non",
            ),
        ]
    )
    assert report.ok and report.saved
    assert (report.new, report.updated, report.unchanged) == (2, 0, 0)
    a = Centre.objects.get(slug="centre-a")
    assert sorted(a.departements.values_list("code", flat=True)) == ["01", "69"]
    assert list(a.themes.all()) == [theme]
    assert a.phone == "+33478770143"
    caraibe = Centre.objects.get(slug="caraibe")
    assert caraibe.phone == "+596596686452"
    assert caraibe.verified_on.isoformat() == "2025-02-03"
    assert not caraibe.is_published
    assert caraibe.created_at and caraibe.updated_at


def test_reimport_is_unchanged_and_an_update_lists_the_changed_columns():
    run([row(telephone="0478770143", departements="69")])
    before = Centre.objects.get().updated_at
    again = run([row(telephone="04 78 77 01 43", departements="69")])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    assert Centre.objects.get().updated_at == before

    report = run([row(telephone="04 78 77 01 44", departements="69, 01", ville="Lyon")])
    assert report.updated == 1
    changes = {c.column: (c.old, c.new) for c in report.rows[0].changes}
    assert changes == {
        "departements": ("69", "01, 69"),
        "ville": ("", "Lyon"),
        "telephone": ("04 78 77 01 43", "04 78 77 01 44"),
    }
    centre = Centre.objects.get()
    assert centre.city == "Lyon" and centre.phone == "+33478770144"
    assert centre.departements.count() == 2
    assert centre.updated_at > before


@pytest.mark.parametrize(
    ("counts", "summary"),
    [
        ((0, 0, 0), "Aucun centre créé, aucun centre modifié, aucun centre inchangé."),
        ((1, 1, 1), "1 centre créé, 1 centre modifié, 1 centre inchangé."),
        ((2, 1, 0), "2 centres créés, 1 centre modifié, aucun centre inchangé."),
    ],
)
def test_the_summary_speaks_french_plurals(counts, summary):
    from crpv.spreadsheets.importer import NEW, UNCHANGED, UPDATED, ImportReport, RowResult

    statuses = [NEW] * counts[0] + [UPDATED] * counts[1] + [UNCHANGED] * counts[2]
    report = ImportReport(
        rows=[RowResult(n, "", "", status) for n, status in enumerate(statuses)],
        saved=True,
        noun=("centre", "centres"),
        feminine=False,
    )
    assert report.summary == summary
    report.noun, report.feminine = ("ressource", "ressources"), True
    assert report.summary.startswith("Aucune ressource créée" if not counts[0] else str(counts[0]))


def test_dry_run_reports_without_saving():
    report = run([row()], dry_run=True)
    assert report.ok and report.new == 1 and not report.saved
    assert "l’import donnerait\u00a0: 1 centre créé, aucun centre modifié" in report.summary
    assert not Centre.objects.exists()


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"telephone": "pas un numéro"}, "telephone", "numéro de téléphone valide"),
        ({"telephone_2": "0123"}, "telephone_2", "numéro de téléphone valide"),
        ({"departements": "69 99"}, "departements", "Code de département inconnu\u00a0: 99"),
        ({"departements": ""}, "departements", "au moins un code"),
        ({"site_web": "pas une adresse"}, "site_web", "URL valide"),
        ({"email": "personne@"}, "email", "adresse de courriel valide"),
        ({"nom": ""}, "nom", "vide"),
        ({"identifiant": ""}, "identifiant", "vide"),
        ({"identifiant": "pas un slug!"}, "identifiant", "traits d’union"),
        ({"themes": "Jardinage"}, "themes", "Thème inconnu\u00a0: Jardinage"),
        ({"publie": "peut-être"}, "publie", "oui ou non"),
        ({"publie": ""}, "publie", "la cellule est vide\u00a0: écrivez oui ou non"),
        ({"verifie_le": "31/02/2024"}, "verifie_le", "n’est pas une date"),
        ({"annee_creation": "3000"}, "annee_creation", "futur"),
        ({"annee_creation": "mil neuf cent"}, "annee_creation", "nombre entier"),
        ({"latitude": "45,7"}, "longitude", "latitude et la longitude"),
        ({"latitude": "nord"}, "latitude", "nombre décimal"),
        ({"code_postal": "99999"}, "code_postal", "Le code postal 99999 n’existe pas"),
        ({"code_postal": "690"}, "code_postal", "cinq chiffres"),
        ({"forme_juridique": "sarl"}, "forme_juridique", "Forme juridique"),
        ({"forme_juridique": "portee"}, "structure_porteuse", "structure qui porte"),
    ],
)
def test_each_error_names_row_column_and_reason_and_nothing_is_saved(cells, column, message):
    report = run([row(identifiant="ok", nom="Valide"), row(**cells)])
    assert not report.ok and not report.saved
    errors = [e for e in report.errors if e.line == 3 and e.column == column]
    assert errors, report.errors
    assert message in errors[0].message
    assert report.rows[1].status == "error"
    assert not Centre.objects.exists()


def test_an_error_leaves_existing_centres_untouched(make_centre):
    make_centre(slug="centre-a", name="Avant", city="Lyon")
    report = run([row(nom="Après"), row(identifiant="b", telephone="faux")])
    assert not report.ok
    assert Centre.objects.get().name == "Avant"
    assert Centre.objects.count() == 1


def test_same_identifiant_twice_in_the_file():
    report = run([row(), row(nom="Autre")])
    assert [str(e) for e in report.errors] == [
        "ligne 3, colonne «\u00a0identifiant\u00a0»\u00a0: l’identifiant «\u00a0centre-a\u00a0» "
        "figure déjà ligne 2 du fichier."
    ]
    assert not Centre.objects.exists()


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ((*COLUMNS, "fax"), "colonnes inconnues\u00a0: fax."),
        (COLUMNS[:-1], "colonnes manquantes\u00a0: description."),
        ((*COLUMNS, "nom"), "colonnes en double\u00a0: nom."),
    ],
)
def test_unknown_missing_or_repeated_headers_name_the_expected_ones(headers, message):
    report = import_table(CentreResource(), read_table(csv_bytes([row()], headers=headers)))
    texts = [e.message for e in report.errors]
    assert message in texts
    assert any("doit nommer ces colonnes\u00a0: identifiant, nom, sigle" in t for t in texts)
    assert not Centre.objects.exists()


def test_headers_are_matched_without_case_accents_or_spaces():
    headers = [c.replace("_", " ").title() for c in COLUMNS]
    headers[headers.index("Departements")] = "Départements"
    headers[headers.index("Telephone")] = "Téléphone"
    rows = [{h: row()[c] for h, c in zip(headers, COLUMNS, strict=True)}]
    report = import_table(CentreResource(), read_table(csv_bytes(rows, headers=headers)))
    assert report.ok and report.new == 1


def test_a_row_with_too_many_cells_is_an_error():
    content = csv_bytes([row()], delimiter=";").replace(b"\r\n", b";en trop\r\n", 2)
    content = content.replace(b";en trop", b"", 1)  # header stays as it is
    report = import_file(CentreResource(), content)
    assert [(e.line, e.column) for e in report.errors] == [(2, "")]
    assert "cellules pour 22 colonnes" in report.errors[0].message


def test_not_a_table_is_a_file_level_error():
    report = import_file(CentreResource(), b"%PDF-1.4 ...")
    assert str(report.errors[0]).startswith("fichier\u00a0: Le fichier est un document PDF")


def test_spreadsheet_quirks_are_read_back():
    report = run(
        [
            row(
                code_postal="1000",  # 01000 read as a number
                departements="1",  # 01 likewise
                description="'=1+1",  # an escaped formula from our own export
                latitude="46,2",
                longitude="5,22",
                annee_creation="1993.0",
                verifie_le="2024-01-31",
            )
        ]
    )
    assert report.ok, report.errors
    centre = Centre.objects.get()
    assert centre.postcode == "01000"
    assert centre.departements.get().code == "01"
    assert centre.description == "=1+1"
    assert str(centre.latitude) == "46.20000"
    assert centre.year_created == 1993


def test_markup_is_stored_as_text():
    run([row(nom="<b>Gras</b>", description='<script>alert("x")</script>')])
    centre = Centre.objects.get()
    assert centre.name == "<b>Gras</b>"
    assert centre.description == '<script>alert("x")</script>'


def test_history_names_who_imported_what(staff_user, make_centre):
    make_centre(slug="centre-a", name="Centre A")
    report = run(
        [row(ville="Lyon"), row(identifiant="b", nom="B")], user=staff_user, filename="annuaire.csv"
    )
    assert report.saved
    entries = {e.object_repr: e for e in LogEntry.objects.all()}
    assert entries["B"].action_flag == ADDITION
    assert entries["B"].user == staff_user
    assert entries["B"].change_message == "Créé par l’import du fichier «\u00a0annuaire.csv\u00a0»."
    assert entries["Centre A"].action_flag == CHANGE
    assert entries["Centre A"].get_change_message().endswith("\u00a0: ville.")


def test_queries_do_not_grow_with_the_number_of_rows(django_assert_max_num_queries, make_centre):
    themes = ", ".join(Theme.objects.values_list("name", flat=True)[:2])
    rows = [
        row(
            identifiant=f"c{i}",
            nom=f"C {i}",
            departements="69 01",
            themes=themes,
            code_postal="69008",
        )
        for i in range(300)
    ]
    table = read_table(csv_bytes(rows))
    with django_assert_max_num_queries(12):
        report = import_table(CentreResource(), table, dry_run=True)
    assert report.new == 300
    # Plus one per model whose territory follows the centres' (centres.territory: events and
    # resources linked to the centres written, none here).
    with django_assert_max_num_queries(62):
        import_table(CentreResource(), table)
    assert Centre.objects.count() == 300
    assert Centre.departements.through.objects.count() == 600
    rows[0]["ville"] = "Lyon"
    # 30, plus the search index's constant few (search.index.update_many: read the changed
    # centres again with their départements and themes, replace their entries).
    with django_assert_max_num_queries(40):
        report = import_table(CentreResource(), read_table(csv_bytes(rows)))
    assert (report.updated, report.unchanged) == (1, 299)
