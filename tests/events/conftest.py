"""Fixtures of the agenda's tests: a factory of events and a référent."""

import datetime

import pytest
from django.utils import timezone


def paris(*args):
    """Return an aware datetime in Europe/Paris: ``paris(2026, 12, 3, 9, 30)``."""
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def make_event(db, centre):
    """Return a factory of saved, published, upcoming events of ``centre`` (in Lyon);
    keyword arguments override fields, ``centres``, ``themes`` and ``audiences`` the links."""
    from events.models import Event, EventType

    counter = iter(range(1, 1_000_000))

    def make(centres=None, themes=(), audiences=(), **overrides):
        n = next(counter)
        start = timezone.localtime() + datetime.timedelta(days=7 + n)
        start = start.replace(hour=9, minute=30, second=0, microsecond=0)
        fields = {
            "title": f"Séminaire de test {n}",
            "slug": f"seminaire-test-{n}",
            "event_type": EventType.objects.get(slug="seminaire"),
            "format": "presentiel",
            "city": "Lyon",
            "postcode": "69003",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2, minutes=30),
            "is_published": True,
        }
        fields.update(overrides)
        event = Event(**fields)
        event.full_clean(exclude=["centres", "themes", "audiences"])
        event.save()
        event.centres.set(centres if centres is not None else [centre])
        event.themes.set(themes)
        event.audiences.set(audiences)
        return event

    return make


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
