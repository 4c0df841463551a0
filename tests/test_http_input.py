"""Bots' noise at the HTTP level gets a proper 4xx, never a 500."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/", "/centres/"])
def test_public_pages_accept_only_get_and_head(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_head_is_answered(client):
    assert client.head("/centres/").status_code == 200


def test_malformed_cookies_are_ignored(client):
    response = client.get("/", HTTP_COOKIE='sessionid=";;\x7f; =; csrftoken=%%%; messages=\x00')
    assert response.status_code == 200


def test_oversized_form_body_is_a_400(client):
    body = "a=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post(
        f"/{settings.ADMIN_URL}/login/",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_too_many_fields_is_a_400(client):
    body = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post(
        f"/{settings.ADMIN_URL}/login/",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/", "/centres/", "/agenda/", "/recherche/?q=lyon"])
def test_a_post_to_a_public_page_is_a_405_even_with_csrf_checks(url):
    # The test client skips CSRF checks; browsers and bots do not.
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("url", ["/healthz", "/favicon.ico"])
def test_a_post_to_the_health_check_or_the_favicon_is_a_405_even_with_csrf_checks(url):
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_a_failed_csrf_check_is_explained_in_french_on_the_site_s_page():
    response = Client(enforce_csrf_checks=True).post(
        f"/{settings.ADMIN_URL}/login/", {"username": "a", "password": "b"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Formulaire expiré — Réseau CRPV</title>" in html
    assert "Rechargez la page" in html
    assert "DEBUG" not in html and "Forbidden" not in html
