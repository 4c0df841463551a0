"""The confirmation of an import, in the directory's and the agenda's admin screens, is named
by a signed token that lasts as long as the previewed file waits (``pending.MAX_AGE``): past
that age, or signed for someone else, it imports nothing and says in French to choose the
file again."""

import types

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from centres.models import Centre
from crpv.roles import CONTENT_EDITORS
from crpv.spreadsheets import pending
from events.models import Event
from tests.centres.test_import_rules import csv_bytes, row
from tests.events.test_ical_import import ICS

GONE = "Le fichier à importer n’est plus disponible\u00a0: choisissez-le de nouveau."
DIRECTORY_IMPORT = reverse("admin:centres_centre_import")
DIRECTORY_CONFIRM = reverse("admin:centres_centre_process_import")
CALENDAR_IMPORT = f"/{settings.ADMIN_URL}/events/event/import-ics/"


def later(monkeypatch, seconds):
    """Make the signatures' clock read ``seconds`` from now."""
    import time

    now = time.time()
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: now + seconds))


def messages(response):
    return [str(m) for m in response.context["messages"]]


def directory_token(client):
    response = client.post(
        DIRECTORY_IMPORT,
        {"import_file": SimpleUploadedFile("annuaire.csv", csv_bytes([row(identifiant="n")]))},
    )
    assert response.context["report"].ok
    return response.context["confirm_form"].initial["token"]


def calendar_token(client, centre):
    ics = SimpleUploadedFile("outlook.ics", (ICS / "outlook.ics").read_bytes())
    response = client.post(CALENDAR_IMPORT, {"centre": centre.pk, "calendar_file": ics})
    return response.context["confirm_form"].initial["token"]


@pytest.mark.parametrize("seconds, imported", [(-60, True), (60, False)])
def test_a_directory_confirmation_past_its_age_imports_nothing(
    client, staff_user, monkeypatch, seconds, imported
):
    client.force_login(staff_user)
    token = directory_token(client)
    later(monkeypatch, pending.MAX_AGE.total_seconds() + seconds)
    response = client.post(DIRECTORY_CONFIRM, {"token": token}, follow=True)
    assert response.status_code == 200
    assert Centre.objects.filter(slug="n").exists() is imported
    assert (GONE in messages(response)) is not imported


def test_a_directory_confirmation_signed_for_someone_else_imports_nothing(
    client, staff_user, django_user_model
):
    client.force_login(staff_user)
    token = directory_token(client)
    client.force_login(django_user_model.objects.create_superuser("autre", "a@example.org", "x"))
    response = client.post(DIRECTORY_CONFIRM, {"token": token}, follow=True)
    assert GONE in messages(response)
    assert not Centre.objects.filter(slug="n").exists()


@pytest.mark.parametrize("seconds, imported", [(-60, True), (60, False)])
def test_a_calendar_confirmation_past_its_age_imports_nothing(
    client, make_staff, centre, monkeypatch, seconds, imported
):
    client.force_login(make_staff(CONTENT_EDITORS))
    token = calendar_token(client, centre)
    later(monkeypatch, pending.MAX_AGE.total_seconds() + seconds)
    response = client.post(CALENDAR_IMPORT, {"token": token}, follow=True)
    assert response.status_code == 200
    assert Event.objects.exists() is imported
    assert (GONE in messages(response)) is not imported
