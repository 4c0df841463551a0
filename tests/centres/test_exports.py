import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings

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
        "position_latitude",
        "position_longitude",
        "precision",
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
    assert features["ville-caraibe"]["properties"]["precision"] == "adresse"
    # Lyon, 69008: a point inside the commune of its address.
    assert features["labo-cites"]["geometry"] == {
        "type": "Point",
        "coordinates": [4.82971, 45.75728],
    }
    assert features["labo-cites"]["properties"]["precision"] == "commune"
    assert features["oriv"]["geometry"] is None  # no address at all
    assert features["oriv"]["properties"]["precision"] is None


def test_every_centre_with_a_city_has_a_geojson_point(client, make_centre):
    for n, (city, postcode, codes) in enumerate(
        [
            ("Saint-Denis", "93200", ("93",)),
            ("Saint-Denis", "", ("974",)),  # no postcode: the commune of that name it serves
            ("Montbéliard", "25200", ("25",)),
            ("Lyon Cedex 03", "69003", ("69",)),
            ("Cherbourg-Octeville", "50100", ("50",)),  # a commune déléguée
            ("Strasbourg", "", ("67", "68")),
        ]
    ):
        make_centre(slug=f"c{n}", city=city, postcode=postcode, departements=codes)
    features = client.get("/centres/export.geojson").json()["features"]
    assert len(features) == 6
    for feature in features:
        assert feature["geometry"]["type"] == "Point", feature["properties"]["ville"]
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert feature["properties"]["precision"] == "commune"
    reunion = next(f for f in features if f["properties"]["identifiant"] == "c1")
    assert reunion["geometry"]["coordinates"][1] < 0  # La Réunion, south of the equator


def test_json_has_true_false_and_null(client, network):
    centres = {c["identifiant"]: c for c in client.get("/centres/export.json").json()["centres"]}
    caraibe, oriv = centres["ville-caraibe"], centres["oriv"]
    assert caraibe["outre_mer"] is True and caraibe["publie"] is True
    assert oriv["outre_mer"] is False
    assert oriv["ville"] is None and oriv["telephone"] is None and oriv["site_web"] is None
    assert "" not in [value for centre in centres.values() for value in centre.values()]
    geojson = client.get("/centres/export.geojson").json()["features"]
    assert all(f["properties"]["publie"] is True for f in geojson)


def test_unknown_export_format_is_a_404(client, db):
    assert client.get("/centres/export.xml").status_code == 404
    assert client.get("/centres/export.").status_code == 404


def test_the_staff_only_contact_is_never_public(client, make_centre):
    make_centre(slug="paris", private_contact="Catherine Halpern, c.h@example.org")
    for url in (
        "/centres/paris/",
        "/centres/",
        "/centres/export.csv",
        "/centres/export.json",
        "/centres/export.geojson",
    ):
        assert "c.h@example.org" not in client.get(url).content.decode(), url


def test_the_directory_file_holds_no_personal_address():
    text = (Path(settings.BASE_DIR) / "centres" / "data" / "centres.csv").read_text()
    assert "catherine.halpern" not in text


def test_geojson_export_follows_rfc_7946(client, network, make_centre):
    """Checked by an independent reader of the RFC's types (geojson-pydantic), plus the rules
    it leaves out: no ``crs`` member (§4), longitude first, at most 6 decimals (§11.2)."""
    from geojson_pydantic import FeatureCollection

    make_centre(slug="sans-ville")  # a null geometry, allowed by §3.2
    data = client.get("/centres/export.geojson").json()
    collection = FeatureCollection.model_validate(data)
    assert "crs" not in data
    assert len(collection.features) == len(network) + 1
    points = [f.geometry for f in collection.features if f.geometry is not None]
    assert points
    for point in points:
        longitude, latitude = point.coordinates
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert all(len(str(value).partition(".")[2]) <= 6 for value in (longitude, latitude))
    assert any(f.geometry is None for f in collection.features)
