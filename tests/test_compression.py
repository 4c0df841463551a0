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


def test_the_cache_keeps_one_uncompressed_copy_for_every_client(client, centre):
    client.get("/centres/labo-cites/", HTTP_ACCEPT_ENCODING="br")  # built and stored
    client.get("/centres/labo-cites/", HTTP_ACCEPT_ENCODING="br")  # served from the cache
    plain = client.get("/centres/labo-cites/")
    assert not plain.has_header("Content-Encoding")
    assert b"Labo Cit" in plain.content


def test_a_compressed_page_is_revalidated_with_its_weak_etag(client, centre):
    first = client.get("/centres/", HTTP_ACCEPT_ENCODING="br")
    assert first["ETag"].startswith('W/"')
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
