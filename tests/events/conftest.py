"""Fixtures of the agenda's tests: Paris times and one event (the factory, make_event, is
shared: tests/conftest.py)."""

import datetime

import pytest
from django.utils import timezone


def paris(*args):
    """Return an aware datetime in Europe/Paris: ``paris(2026, 12, 3, 9, 30)``."""
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def event(make_event):
    return make_event(
        title="Rencontre régionale des chefs de projet",
        slug="rencontre-chefs-de-projet",
        starts_at=paris(2030, 12, 5, 9, 30),
        ends_at=paris(2030, 12, 5, 12, 0),
        venue="Maison des projets",
        street_address="10 rue de la République",
        registration_url="https://example.org/inscription",
    )
