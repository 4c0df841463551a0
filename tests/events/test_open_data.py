"""The agenda's open data: described on the network's open-data page, field by field, with
a Table Schema that frictionless validates /agenda/export.csv against."""

import json
import re

import pytest
from frictionless import Resource, Schema

from centres.models import Theme
from tests.events.conftest import paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(make_event, make_centre):
    other = make_centre(name="Centre 93", slug="centre-93", departements=("93",))
    make_event(
        title="Atelier « emploi »",
        venue="Maison des projets",
        street_address="10 rue de la République",
        themes=Theme.objects.all()[:2],
        registration_url="https://example.org/inscription",
        registration_deadline=paris(2030, 11, 1, 0, 0).date(),
        starts_at=paris(2030, 12, 5, 9, 30),
        ends_at=paris(2030, 12, 5, 12, 0),
        partners="La préfecture, l’ANCT",
    )
    make_event(
        title="Webinaire",
        format="en-ligne",
        city="",
        postcode="",
        online_url="https://visio.example.org/salle",
        centres=[other],
        status="annule",
        status_reason="Intervenant absent",
        all_day=True,
        is_free=False,
    )
    make_event(title="Brouillon", is_published=False)


def header(client):
    return client.get("/agenda/export.csv").content.decode().splitlines()[0].split(",")


def test_the_open_data_page_describes_every_column_of_the_agenda_export(client, events):
    html = client.get("/centres/donnees-ouvertes/").content.decode()
    agenda = html[html.index('id="agenda"') : html.index('id="licence"')]
    described = dict(re.findall(r"<tr><td><code>([a-z_]+)</code></td><td>([^<]+)</td>", agenda))
    columns = header(client)
    assert list(described) == columns
    assert all(described[name].strip() for name in columns)
    json_fields = list(client.get("/agenda/export.json").json()["evenements"][0])
    assert json_fields == columns


def test_the_open_data_page_links_the_agenda_files_filters_feeds_and_licence(client, events):
    html = client.get("/centres/donnees-ouvertes/").content.decode()
    for href in (
        "/agenda/export.csv",
        "/agenda/export.json",
        "/agenda/schema.json",
        "/agenda/agenda.ics",
        "/agenda/flux.rss",
        "/agenda/flux.atom",
    ):
        assert f'href="{href}"' in html
    assert "2 événements publiés" in html
    assert "<code>periode</code>" in html
    assert "Licence Ouverte" in html
    # The agenda links to it, and its JSON names it as its source.
    assert 'href="/centres/donnees-ouvertes/#agenda"' in client.get("/agenda/").content.decode()
    source = client.get("/agenda/export.json").json()["source"]
    assert source == "http://testserver/centres/donnees-ouvertes/#agenda"


def validate(tmp_path, csv_bytes, schema):
    (tmp_path / "agenda.csv").write_bytes(csv_bytes)
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    resource = Resource(path="agenda.csv", schema="schema.json", basepath=str(tmp_path))
    return resource.validate()


def test_the_schema_is_published_and_describes_the_csv(client, events):
    response = client.get("/agenda/schema.json")
    assert response.status_code == 200
    schema = response.json()
    assert Schema.validate_descriptor(schema).valid
    assert [field["name"] for field in schema["fields"]] == header(client)
    fields = {field["name"]: field for field in schema["fields"]}
    assert fields["debut"]["type"] == "datetime"
    assert fields["code_postal"]["type"] == "string"
    assert fields["statut"]["constraints"]["enum"] == ["prevu", "reporte", "annule"]


def test_frictionless_validates_the_csv_against_its_schema(client, events, tmp_path):
    csv = client.get("/agenda/export.csv").content
    report = validate(tmp_path, csv, client.get("/agenda/schema.json").json())
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert csv.count(b"\n") == 3  # the header and the two published events


def test_frictionless_would_catch_a_broken_csv(client, events, tmp_path):
    csv = client.get("/agenda/export.csv").content.replace(b"05/12/2030 09:30", b"31/02/2030")
    report = validate(tmp_path, csv, client.get("/agenda/schema.json").json())
    assert not report.valid
    assert ["debut", "type-error"] in report.flatten(["fieldName", "type"])
