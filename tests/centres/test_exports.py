import csv
import io
import json

import pytest

from centres.resources import COLUMNS

pytestmark = pytest.mark.django_db


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_csv_export_has_the_import_columns_then_derived_fields(client, network):
    response = client.get("/centres/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="centres-crpv.csv"' in response["Content-Disposition"]
    header = response.content.decode("utf-8").splitlines()[0].split(",")
    assert tuple(header[: len(COLUMNS)]) == COLUMNS
    assert header[len(COLUMNS) :] == [
        "departements_noms",
        "regions",
        "outre_mer",
        "telephone_international",
        "url",
    ]
    rows = {row["identifiant"]: row for row in read_csv(response)}
    assert set(rows) == set(network)
    caraibe = rows["ville-caraibe"]
    assert caraibe["nom"] == "Ville Caraïbe"
    assert caraibe["departements"] == "972"
    assert caraibe["telephone"] == "0596 68 64 52"
    assert caraibe["telephone_international"] == "+596596686452"
    assert caraibe["regions"] == "Martinique"
    assert caraibe["outre_mer"] == "oui"
    assert caraibe["url"] == "http://testserver/centres/ville-caraibe/"
    assert caraibe["publie"] == "oui"


def test_exports_honour_search_and_filters(client, network):
    rows = read_csv(client.get("/centres/export.csv", {"q": "saint denis", "forme": "association"}))
    assert [row["identifiant"] for row in rows] == ["profession-banlieue"]
    data = client.get("/centres/export.json", {"region": "76"}).json()
    assert [c["identifiant"] for c in data["centres"]] == [
        "ressources-territoires",
        "villes-et-territoires",
    ]


def test_exports_never_contain_an_unpublished_centre(client, make_centre):
    make_centre(slug="visible")
    make_centre(slug="brouillon", is_published=False)
    for fmt in ("csv", "json", "geojson"):
        body = client.get(f"/centres/export.{fmt}").content.decode()
        assert "visible" in body
        assert "brouillon" not in body


def test_csv_cells_that_look_like_formulas_are_made_inert(client, make_centre):
    make_centre(slug="piege", description='=HYPERLINK("http://evil")', city="+33 Ville")
    row = read_csv(client.get("/centres/export.csv"))[0]
    assert row["description"].startswith("'=")
    assert row["ville"] == "'+33 Ville"


def test_json_export_carries_licence_date_and_count(client, network):
    response = client.get("/centres/export.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    assert data["licence"] == "Licence Ouverte / Open Licence 2.0"
    assert data["nombre"] == len(network) == len(data["centres"])
    assert data["mis_a_jour_le"]
    assert set(data["centres"][0]) >= set(COLUMNS)
    assert "Cités" in response.content.decode("utf-8")  # UTF-8, not \\u escapes


def test_geojson_export_has_points_and_null_geometries(client, network):
    response = client.get("/centres/export.geojson")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    features = {f["properties"]["identifiant"]: f for f in data["features"]}
    assert features["ville-caraibe"]["geometry"] == {
        "type": "Point",
        "coordinates": [-61.07418, 14.60365],
    }
    assert features["labo-cites"]["geometry"] is None


def test_unknown_export_format_is_a_404(client, db):
    assert client.get("/centres/export.xml").status_code == 404
    assert client.get("/centres/export.").status_code == 404
