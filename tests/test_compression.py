"""Public pages are compressed for the clients that accept it, without changing the cache."""

import gzip

import brotli
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_a_public_page_is_compressed_with_brotli_or_gzip(client, centre):
    plain = client.get("/centres/")
    assert not plain.has_header("Content-Encoding")
    br = client.get("/centres/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert br["Content-Encoding"] == "br"
    assert brotli.decompress(br.content) == plain.content
    assert int(br["Content-Length"]) == len(br.content) < len(plain.content) / 2
    gz = client.get("/centres/", HTTP_ACCEPT_ENCODING="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == plain.content
    assert "Accept-Encoding" in br["Vary"]


def test_each_encoding_is_compressed_once_and_stored(client, centre, monkeypatch):
    calls = []
    original = brotli.compress
    monkeypatch.setattr(brotli, "compress", lambda *a, **k: calls.append(1) or original(*a, **k))
    first = client.get("/centres/labo-cites/", HTTP_ACCEPT_ENCODING="br")  # built and stored
    again = client.get("/centres/labo-cites/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert again.content == first.content and again["Content-Encoding"] == "br"
    assert len(calls) == 1
    plain = client.get("/centres/labo-cites/")
    assert not plain.has_header("Content-Encoding")
    assert b"Labo Cit" in plain.content


def test_a_compressed_page_is_revalidated_with_its_own_etag(client, centre):
    plain = client.get("/centres/")
    first = client.get("/centres/", HTTP_ACCEPT_ENCODING="br")
    assert first["ETag"] != plain["ETag"]
    again = client.get("/centres/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_open_data_is_compressed_too(client, centre):
    response = client.get("/centres/export.geojson", HTTP_ACCEPT_ENCODING="br")
    assert response["Content-Encoding"] == "br"


def test_staff_pages_are_not_compressed(admin_client):
    # They carry a CSRF token: compressing them next to reflected input would leak it (BREACH).
    response = admin_client.get(f"/{settings.ADMIN_URL}/", HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
