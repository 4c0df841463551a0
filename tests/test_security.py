"""Security headers on every page, including the admin."""

import logging

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def assert_secure_headers(response):
    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value, header
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "http" not in csp  # no outside origin
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "url", ["/", "/centres/", "/healthz", "/page-absente/", f"/{settings.ADMIN_URL}/login/"]
)
def test_security_headers_on_public_and_admin_pages(client, url):
    assert_secure_headers(client.get(url))


def test_security_headers_on_admin_pages_for_staff(admin_client):
    assert_secure_headers(admin_client.get(f"/{settings.ADMIN_URL}/"))
    assert_secure_headers(admin_client.get(f"/{settings.ADMIN_URL}/centres/centre/add/"))


def test_wrong_host_is_a_400_and_its_log_goes_nowhere(client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    # pytest hooks its own handlers onto every logger; look only at the project's.
    logger = logging.getLogger("django.security.DisallowedHost")
    ours = [h for h in logger.handlers if type(h).__module__.startswith("logging")]
    assert not logger.propagate
    assert all(isinstance(h, logging.NullHandler) for h in ours)
