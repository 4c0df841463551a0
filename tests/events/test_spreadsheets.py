"""Events through the spreadsheet package: export, import all or nothing, per-row errors."""

import pytest
from django.conf import settings

from crpv.roles import CONTENT_EDITORS, REFERENTS
from crpv.spreadsheets.importer import import_file
from crpv.spreadsheets.write import CSV
from events.models import Event
from events.resources import COLUMNS, EventResource

pytestmark = pytest.mark.django_db

EVENTS = f"/{settings.ADMIN_URL}/events/event/"
HEADER = ",".join(COLUMNS)


def row(**cells):
    values = {
        "identifiant": "atelier-emploi",
        "titre": "Atelier : l'emploi des jeunes",
        "type": "Atelier",
        "centres": "labo-cites",
        "debut": "04/12/2030 09:30",
        "fin": "04/12/2030 12:00",
        "toute_la_journee": "non",
        "format": "présentiel",
        "commune": "Lyon",
        "code_postal": "69003",
        "gratuit": "oui",
        "complet": "non",
        "statut": "prévu",
        "publie": "oui",
        "themes": "",
        "publics": "Élus, Habitants",
        "description": "<p>Venez<script>x()</script></p>",
    }
    values.update(cells)
    return ",".join(f'"{values.get(name, "")}"' for name in COLUMNS)


def csv_file(*rows):
    return "\n".join([HEADER, *rows]).encode("utf-8")


def test_import_creates_events_cleaned_as_the_admin_would(centre, staff_user):
    report = import_file(EventResource(), csv_file(row()), user=staff_user, filename="a.csv")
    assert report.ok, report.errors
    event = Event.objects.get(slug="atelier-emploi")
    assert event.title == "Atelier\u00a0: l’emploi des jeunes"
    assert event.description == "<p>Venez</p>"
    assert event.starts_at.isoformat() == "2030-12-04T08:30:00+00:00"
    assert event.commune.name == "Lyon"
    assert list(event.centres.all()) == [centre]
    assert sorted(event.audiences.values_list("name", flat=True)) == ["Habitants", "Élus"]
    version = event.history.get()
    assert list(version.centres.values_list("centre_id", flat=True)) == [centre.pk]


def test_a_bad_row_imports_nothing_and_says_why_per_cell(centre):
    report = import_file(
        EventResource(),
        csv_file(
            row(identifiant="bon"),
            row(identifiant="fevrier", debut="30/02/2030 09:00"),
            row(identifiant="a-l-envers", debut="04/12/2030 14:00"),
            row(identifiant="ailleurs", centres="inconnu", type="Concert"),
        ),
    )
    assert not report.ok
    assert not Event.objects.exists()
    messages = {(e.line, e.column): e.message for e in report.errors}
    assert "30/02/2030 09:00" in messages[(3, "debut")]
    assert messages[(4, "fin")] == "La fin doit venir après le début."
    assert messages[(5, "centres")] == "Centre inconnu\u00a0: inconnu."
    assert messages[(5, "type")].startswith("Type inconnu\u00a0: Concert.")


def test_export_then_import_back_changes_nothing(make_event):
    make_event(description="<p>Programme</p>", summary="Résumé : court")
    content = CSV().export_data(EventResource().export())
    report = import_file(EventResource(), content)
    assert report.ok, report.errors
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1)


def test_reimport_with_a_change_updates_and_raises_the_sequence(centre):
    import_file(EventResource(), csv_file(row()))
    report = import_file(EventResource(), csv_file(row(statut="annulé", motif="Grève")))
    assert report.updated == 1
    event = Event.objects.get()
    assert event.status == "annule"
    assert event.sequence == 1


def test_national_team_imports_and_referents_do_not(client, make_staff, centre):
    editor = make_staff(CONTENT_EDITORS)
    client.force_login(editor)
    assert client.get(f"{EVENTS}import/").status_code == 200
    assert client.get(f"{EVENTS}export/").status_code == 200
    client.force_login(make_staff(REFERENTS, centres=[centre]))
    assert client.get(f"{EVENTS}import/").status_code == 403


def test_open_data_lists_published_events_with_filters_and_derived_fields(client, make_event):
    make_event(title="Atelier à Lyon", registration_url="https://example.org/inscription")
    make_event(
        title="Webinaire",
        format="en-ligne",
        city="",
        postcode="",
        online_url="https://visio.example.org/libre",
    )
    make_event(title="Brouillon", is_published=False)
    data = client.get("/agenda/export.json").json()
    assert data["licence"] == "Licence Ouverte / Open Licence 2.0"
    rows = {row["titre"]: row for row in data["evenements"]}
    assert set(rows) == {"Atelier à Lyon", "Webinaire"}
    assert rows["Atelier à Lyon"]["departement"] == "69"
    assert rows["Atelier à Lyon"]["url"].startswith("http://testserver/agenda/")
    assert rows["Webinaire"]["lien_connexion_public"] == "https://visio.example.org/libre"
    assert "lien_connexion" not in rows["Webinaire"]
    response = client.get("/agenda/export.csv?format=en-ligne")
    assert response["Content-Disposition"] == 'attachment; filename="agenda-crpv.csv"'
    text = response.content.decode("utf-8-sig")
    assert "Webinaire" in text and "Atelier à Lyon" not in text


def test_open_data_never_publishes_the_link_given_to_those_registered(client, make_event):
    make_event(
        format="en-ligne",
        city="",
        postcode="",
        online_url="https://visio.example.org/secret",
        registration_email="inscription@example.org",
    )
    assert "secret" not in client.get("/agenda/export.json").content.decode()
    assert "secret" not in client.get("/agenda/agenda.ics").content.decode()
    event_page = client.get("/agenda/seminaire-test-1/").content.decode()
    assert "secret" not in event_page
