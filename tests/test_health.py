from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""  # no cache configured: only the database is checked
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_checks_a_configured_cache_that_answers(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"  # whichever cache backend is in use
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch("crpv.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_checks_the_cache_where_redis_is_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    with mock.patch("crpv.views.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
