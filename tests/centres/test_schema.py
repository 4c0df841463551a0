"""The open data's CSV has a published Table Schema, and frictionless validates the CSV
against it (codes as text: their leading zeros survive)."""

import json

import pytest
from frictionless import Resource, Schema

pytestmark = pytest.mark.django_db


def validate(tmp_path, csv_bytes, schema):
    (tmp_path / "centres.csv").write_bytes(csv_bytes)
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    resource = Resource(path="centres.csv", schema="schema.json", basepath=str(tmp_path))
    return resource.validate()


def test_the_schema_is_published_and_linked_from_the_open_data_page(client, network):
    response = client.get("/centres/schema.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    schema = response.json()
    assert Schema.validate_descriptor(schema).valid
    fields = {field["name"]: field for field in schema["fields"]}
    assert fields["code_postal"]["type"] == "string"
    assert fields["departements"]["type"] == "string"
    assert "liste" in fields["departements"]["description"]
    assert fields["publie"]["type"] == "boolean"
    assert fields["precision"]["constraints"]["enum"] == ["adresse", "commune"]
    page = client.get("/centres/donnees-ouvertes/").content.decode()
    assert 'href="/centres/schema.json"' in page


def test_frictionless_validates_the_csv_against_its_schema(client, network, tmp_path):
    csv = client.get("/centres/export.csv").content
    schema = client.get("/centres/schema.json").json()
    report = validate(tmp_path, csv, schema)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    header = csv.decode().splitlines()[0].split(",")
    assert header == [field["name"] for field in schema["fields"]]


def test_frictionless_would_catch_a_broken_csv(client, network, tmp_path):
    csv = client.get("/centres/export.csv").content.replace(b",69008,", b",6900,")
    report = validate(tmp_path, csv, client.get("/centres/schema.json").json())
    assert not report.valid
    assert ["code_postal", "constraint-error"] in report.flatten(["fieldName", "type"])
