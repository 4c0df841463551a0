"""The admin login withstands password guessing and does not reveal which accounts exist."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import RequestFactory

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


def test_lock_out_counts_an_accounts_failures_from_every_address(
    client, staff_user, django_user_model
):
    django_user_model.objects.create_user("autre", password="mot-de-passe-de-test", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN, {"username": "admin", "password": "faux"}, REMOTE_ADDR=f"192.0.2.{n + 1}"
        )
    # Locked out, from a new address too, and even with the right password.
    response = client.post(
        LOGIN,
        {"username": "admin", "password": "mot-de-passe-de-test"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 429
    # Another account logs in from the same addresses.
    response = client.post(
        LOGIN, {"username": "autre", "password": "mot-de-passe-de-test"}, REMOTE_ADDR="192.0.2.1"
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


def test_client_ip_is_read_behind_the_configured_number_of_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.2"
    )
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.1"  # no proxy: the header is anyone's to write
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request) == "203.0.113.9"


@pytest.fixture
def hashes(monkeypatch):
    """Count the passwords hashed (checked or made), whatever the account."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    calls = []
    for name in ("encode", "verify"):
        original = getattr(MD5PasswordHasher, name)

        def spy(self, *args, _original=original, **kwargs):
            calls.append(1)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(MD5PasswordHasher, name, spy)
    return calls


def test_attempts_past_the_address_limit_get_a_french_429_before_any_hashing(
    client, settings, hashes
):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 3
    for n in range(3):
        assert attempt(client, f"inconnu-{n}").status_code == 200
    assert len(hashes) == 3
    response = attempt(client, "encore-un-autre")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= settings.LOGIN_ATTEMPTS_WINDOW
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert len(hashes) == 3  # refused before its password was hashed


def test_a_second_attempt_while_one_from_the_address_is_answered_is_refused(
    client, settings, hashes
):
    from crpv.security import _keys

    busy = _keys(RequestFactory().post(LOGIN, REMOTE_ADDR="127.0.0.1"), "")["in_progress"]
    cache.set(busy, 1)  # another worker is checking a password for this address
    response = attempt(client, "quelquun")
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert hashes == []
    cache.delete(busy)
    assert attempt(client, "quelquun").status_code == 200
    assert cache.get(busy) == 0  # given back once answered


def test_attempts_on_one_account_are_capped_from_any_address(client, settings, staff_user):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = 3
    for n in range(3):
        response = client.post(
            LOGIN, {"username": "ADMIN", "password": "non"}, REMOTE_ADDR=f"192.0.2.{n}"
        )
        assert response.status_code == 200
    response = client.post(
        LOGIN, {"username": "admin", "password": "mot-de-passe-de-test"}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 429


def test_forged_forwarded_for_headers_do_not_escape_the_cap(client, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 3
    for trusted in (0, 1):
        settings.TRUSTED_PROXIES = trusted
        statuses = [
            client.post(
                LOGIN,
                {"username": f"nom-{trusted}-{n}", "password": "x"},
                REMOTE_ADDR="127.0.0.1" if trusted else "203.0.113.9",
                # The client rotates the header; a proxy appends the address it saw.
                HTTP_X_FORWARDED_FOR=f"198.51.100.{n}" + (", 203.0.113.9" if trusted else ""),
            ).status_code
            for n in range(6)
        ]
        assert statuses == [200, 200, 200, 429, 429, 429], trusted
        cache.clear()


def test_a_successful_login_does_not_count_against_its_address(client, settings, staff_user):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 2
    for _ in range(5):
        assert attempt(client, "admin", "mot-de-passe-de-test").status_code == 302
        client.logout()


def test_logins_are_not_capped_while_the_cache_fails(client, settings, staff_user, broken_cache):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 1
    for _ in range(3):
        assert attempt(client, "personne").status_code == 200


def test_a_refused_next_leads_to_the_admin_index(client, staff_user):
    response = client.post(
        f"{LOGIN}?next=https://malveillant.example/",
        {"username": "admin", "password": "mot-de-passe-de-test"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{settings.ADMIN_URL}/"


def test_admin_session_expires(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_too_many_attempts_page_is_valid_html(client, settings):
    from tests.checkers import vnu_errors

    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 1
    attempt(client, "un")
    response = attempt(client, "deux")
    assert response.status_code == 429
    assert vnu_errors({"429": response.content.decode()}) == {"429": []}


def test_an_administrator_can_lift_the_cap_on_an_account(client, settings, staff_user):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = 2
    for n in range(2):
        client.post(LOGIN, {"username": "admin", "password": "x"}, REMOTE_ADDR=f"192.0.2.{n}")
    right = {"username": "admin", "password": "mot-de-passe-de-test"}
    assert client.post(LOGIN, right, REMOTE_ADDR="192.0.2.8").status_code == 429
    call_command("unlock_logins", username="Admin")
    assert client.post(LOGIN, right, REMOTE_ADDR="192.0.2.8").status_code == 302


def test_an_administrator_can_lift_the_cap_on_an_address(client, settings, staff_user):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 2
    for n in range(2):
        client.post(LOGIN, {"username": f"nom-{n}", "password": "x"}, REMOTE_ADDR="192.0.2.7")
    right = {"username": "admin", "password": "mot-de-passe-de-test"}
    assert client.post(LOGIN, right, REMOTE_ADDR="192.0.2.7").status_code == 429
    call_command("unlock_logins", address="192.0.2.7")
    assert client.post(LOGIN, right, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_unlock_logins_asks_for_an_account_or_an_address():
    with pytest.raises(CommandError, match="--username ou --address"):
        call_command("unlock_logins")
