"""News through the spreadsheet package: the columns, the import all or nothing with per-row
French errors (bad dates, unknown centres, formulas), the round trip through every format, the
admin's screens for the national team and their refusal to référents."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crpv.roles import CONTENT_EDITORS, REFERENTS
from crpv.spreadsheets.importer import import_file
from crpv.spreadsheets.write import CSV, JSON, ODS, XLSX
from news.models import NewsItem
from news.resources import COLUMNS, NewsResource

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:news_newsitem_import")
CONFIRM = reverse("admin:news_newsitem_process_import")
EXPORT = reverse("admin:news_newsitem_export")
HEADER = ",".join(COLUMNS)


def row(**cells):
    values = {
        "identifiant": "appel-a-projets",
        "titre": "Appel à projets : l'été des quartiers",
        "centres": "labo-cites",
        "date": "04/12/2026 09:30",
        "publiee": "oui",
        "chapo": "Les dossiers sont ouverts !",
        "texte": "<p>Candidatez<script>x()</script></p>",
        "themes": "",
        "evenements": "",
        "ressources": "",
    }
    values.update(cells)
    return ",".join('"{}"'.format(values.get(name, "").replace('"', '""')) for name in COLUMNS)


def csv_file(*rows):
    return "\n".join([HEADER, *rows]).encode("utf-8")


def test_import_creates_items_cleaned_as_the_admin_would(
    centre, staff_user, make_event, make_resource
):
    event, resource = make_event(slug="seminaire-lie"), make_resource(slug="etude-liee")
    content = csv_file(row(evenements="SEMINAIRE-LIE", ressources="etude-liee"))
    report = import_file(NewsResource(), content, user=staff_user, filename="a.csv")
    assert report.ok, report.errors
    assert (
        report.summary
        == "1 actualité créée, aucune actualité modifiée, aucune actualité inchangée."
    )
    item = NewsItem.objects.get(slug="appel-a-projets")
    assert item.title == "Appel à projets\u00a0: l’été des quartiers"
    assert item.summary == "Les dossiers sont ouverts\u00a0!"
    assert item.body == "<p>Candidatez</p>"
    assert item.published_at.isoformat() == "2026-12-04T08:30:00+00:00"  # 9 h 30 in Paris
    assert item.is_published and not item.is_national
    assert list(item.centres.all()) == [centre]
    assert list(item.events.all()) == [event]
    assert list(item.resources.all()) == [resource]
    version = item.history.get()
    assert version.history_user == staff_user
    assert list(version.resources.values_list("resource_id", flat=True)) == [resource.pk]
    assert list(version.centres.values_list("centre_id", flat=True)) == [centre.pk]


def test_an_empty_centres_cell_is_the_network(centre):
    assert import_file(NewsResource(), csv_file(row(centres=""))).ok
    assert NewsItem.objects.get().is_national


def test_hostile_rows_import_nothing_and_say_why_per_cell_in_french(centre):
    report = import_file(
        NewsResource(),
        csv_file(
            row(identifiant="bonne"),
            row(identifiant="fevrier", date="30/02/2026 09:00"),
            row(identifiant="ailleurs", centres="centre-inconnu", ressources="etude-absente"),
            row(identifiant="=cmd|' /C calc'!A0", publiee="peut-être"),
            row(identifiant="bonne", titre=""),
        ),
    )
    assert not report.ok
    assert not NewsItem.objects.exists()
    messages = {(e.line, e.column): e.message for e in report.errors}
    assert "«\u00a030/02/2026 09:00\u00a0» n’est pas une date et une heure" in messages[(3, "date")]
    assert messages[(4, "centres")] == "Centre inconnu\u00a0: centre-inconnu."
    assert messages[(4, "ressources")] == "Ressource inconnue\u00a0: etude-absente."
    assert messages[(5, "identifiant")].startswith("Ce champ ne doit contenir que des lettres")
    assert "écrivez oui ou non" in messages[(5, "publiee")]
    assert "figure déjà ligne 2" in messages[(6, "identifiant")]
    assert messages[(6, "titre")] == "Ce champ ne peut pas être vide."


def test_a_formula_is_stored_as_text_and_exported_inert(centre):
    formula = '=HYPERLINK("http://evil.example","Cliquez")'
    assert import_file(NewsResource(), csv_file(row(titre=formula, chapo="+33 1 23"))).ok
    item = NewsItem.objects.get()
    assert item.title == formula and item.summary == "+33 1 23"
    exported = CSV().export_data(NewsResource().export()).decode("utf-8")
    assert '"\'=HYPERLINK(""http://evil.example"",""Cliquez"")"' in exported
    assert "'+33 1 23" in exported
    # Importing the export back gives the same text, without the apostrophe.
    report = import_file(NewsResource(), exported.encode())
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1), report.errors


@pytest.mark.parametrize("fmt", [CSV, XLSX, ODS, JSON], ids=lambda f: f.key)
def test_export_then_import_back_changes_nothing(make_news, make_event, make_resource, fmt):
    make_news(
        title="Avec tout : liens et thèmes",
        events=[make_event()],
        resources=[make_resource(), make_resource()],
    )
    make_news(is_national=True, centres=[], is_published=False)
    content = fmt().export_data(NewsResource().export())
    report = import_file(NewsResource(), content)
    assert report.ok, report.errors
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)


def test_reimport_with_a_change_updates_only_that_item(centre, make_resource):
    import_file(NewsResource(), csv_file(row(), row(identifiant="autre")))
    resource = make_resource(slug="etude-ajoutee")
    report = import_file(
        NewsResource(), csv_file(row(ressources="etude-ajoutee"), row(identifiant="autre"))
    )
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    assert [c.column for c in report.rows[0].changes] == ["ressources"]
    assert list(NewsItem.objects.get(slug="appel-a-projets").resources.all()) == [resource]


def test_national_team_imports_through_the_admin_screens(client, make_staff, centre):
    editor = make_staff(CONTENT_EDITORS)
    client.force_login(editor)
    page = client.get(IMPORT).content.decode()
    assert "Importer des actualités" in page and "<code>ressources</code>" in page
    upload = SimpleUploadedFile("actualites.csv", csv_file(row()))
    response = client.post(IMPORT, {"import_file": upload})
    assert "1 nouveau" in response.content.decode()
    assert not NewsItem.objects.exists()  # a preview saves nothing
    token = response.context["confirm_form"].initial["token"]
    response = client.post(CONFIRM, {"token": token}, follow=True)
    message = [str(m) for m in response.context["messages"]][0]
    assert message == (
        "Import de «\u00a0actualites.csv\u00a0» terminé\u00a0: 1 actualité créée, aucune "
        "actualité modifiée, aucune actualité inchangée."
    )
    assert NewsItem.objects.get().history.get().history_user == editor


def test_a_file_with_an_error_shows_it_and_offers_no_confirmation(client, make_staff, centre):
    client.force_login(make_staff(CONTENT_EDITORS))
    upload = SimpleUploadedFile("a.csv", csv_file(row(), row(identifiant="b", date="demain")))
    html = client.post(IMPORT, {"import_file": upload}).content.decode()
    assert "rien n’a été" in html and "Confirmer l’import" not in html
    assert "«\u00a0demain\u00a0» n’est pas une date et une heure" in html
    assert not NewsItem.objects.exists()


def test_export_in_the_admin_uses_the_french_headers(client, make_staff, make_news):
    make_news(title="Exportée")
    client.force_login(make_staff(CONTENT_EDITORS))
    data = {"format": "4", "resource": "0"}  # JSON
    data.update({f"newsresource_{column}": "on" for column in COLUMNS})
    response = client.post(EXPORT, data)
    assert response.status_code == 200, response.content.decode()[:2000]
    rows = json.loads(response.content)
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["titre"] == "Exportée" and rows[0]["centres"] == "labo-cites"


def test_referents_neither_import_nor_export(client, make_staff, centre):
    client.force_login(make_staff(REFERENTS, centres=[centre]))
    assert client.get(IMPORT).status_code == 403
    assert client.get(EXPORT).status_code == 403
    upload = SimpleUploadedFile("a.csv", csv_file(row()))
    assert client.post(IMPORT, {"import_file": upload}).status_code == 403
    assert not NewsItem.objects.exists()
