"""The admin login withstands password guessing and does not reveal which accounts exist."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from crpv.security import client_ip

pytestmark = pytest.mark.django_db

LOGIN = f"/{settings.ADMIN_URL}/login/"


def attempt(client, username, password="mauvais-mot-de-passe"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_lock_out_after_repeated_failures_with_a_french_message(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "admin").status_code == 200
    response = attempt(client, "admin")
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    # Even the right password is refused while locked out.
    response = attempt(client, "admin", "mot-de-passe-de-test")
    assert response.status_code == 429


def test_lock_out_is_per_account_and_address(client, staff_user, django_user_model):
    django_user_model.objects.create_user("autre", password="mot-de-passe-de-test", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "admin")
    # Another account from the same address still logs in.
    response = attempt(client, "autre", "mot-de-passe-de-test")
    assert response.status_code == 302
    # The same account from another address too.
    response = client.post(
        LOGIN,
        {"username": "admin", "password": "mot-de-passe-de-test"},
        REMOTE_ADDR="192.0.2.50",
    )
    assert response.status_code == 302


def test_an_administrator_can_unlock(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "admin")
    assert AccessAttempt.objects.filter(username="admin").exists()
    call_command("axes_reset_username", "admin")
    response = attempt(client, "admin", "mot-de-passe-de-test")
    assert response.status_code == 302


def test_locked_attempts_are_listed_in_the_admin_for_unlocking(admin_client, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "quelquun")
    response = admin_client.get(f"/{settings.ADMIN_URL}/axes/accessattempt/")
    assert response.status_code == 200
    assert "quelquun" in response.content.decode()


def test_login_errors_do_not_reveal_whether_an_account_exists(client, staff_user):
    known = attempt(client, "admin").content.decode()
    unknown = attempt(client, "personne").content.decode()
    message = "Veuillez compléter correctement les champs"
    assert message in known and message in unknown
    # The lock-out comes after the same number of tries for an unknown name.
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        attempt(client, "personne")
    assert attempt(client, "personne").status_code == 429


def test_no_password_reset_page_to_probe(client):
    # Staff passwords are reset by an administrator; there is no public reset form.
    assert client.get(f"/{settings.ADMIN_URL}/password_reset/").status_code in (302, 404)


def test_client_ip_behind_the_proxy_is_the_address_the_proxy_saw():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    with override_settings(HTTPS=True):
        assert client_ip(request) == "203.0.113.9"
    with override_settings(HTTPS=False):
        assert client_ip(request) == "10.0.0.1"


def test_admin_session_expires(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
