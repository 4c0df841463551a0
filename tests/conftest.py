"""Fixtures shared by the whole suite: fast settings and small factories."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must not refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache(django_db_setup, django_db_blocker):
    """Start each test with an empty, working cache: rolled-back or flushed data sends no
    invalidation signal. The database cache's table is outside the test's transaction."""
    from django.core.cache import cache, caches

    from crpv import cache as public_cache

    public_cache._state.update(skip_until=0.0, last_warning=0.0)
    public_cache._feed.__init__()
    # What an earlier test's rolled-back transaction changed is not this test's to bump.
    public_cache._uncommitted.__dict__.clear()
    with django_db_blocker.unblock():
        cache.clear()
        caches["public"].clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()
        caches["public"].clear()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Absolute addresses on the test client's host, as a site configured for it would have.
    settings.SITE_URL = "http://testserver"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def make_centre(db):
    """Return a factory of saved, published centres; keyword arguments override fields."""
    from centres.models import Centre, Departement

    counter = iter(range(1, 1_000_000))

    def make(departements=("69",), themes=(), **overrides):
        n = next(counter)
        fields = {
            "name": f"Centre de test {n}",
            "slug": f"centre-test-{n}",
            "is_published": True,
        }
        fields.update(overrides)
        centre = Centre(**fields)
        centre.full_clean(exclude=["departements", "themes"])
        centre.save()
        centre.departements.set(Departement.objects.filter(code__in=departements))
        if themes:
            centre.themes.set(themes)
        return centre

    return make


@pytest.fixture
def centre(make_centre):
    return make_centre(
        name="Labo Cités",
        slug="labo-cites",
        phone="04 78 77 01 43",
        website="https://www.labo-cites.org",
        departements=("69", "01"),
    )


@pytest.fixture
def make_event(db, centre):
    """Return a factory of saved, published, upcoming events of ``centre`` (in Lyon);
    keyword arguments override fields, ``centres``, ``themes`` and ``audiences`` the links."""
    import datetime

    from django.utils import timezone

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
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(
        "admin", "admin@example.org", "mot-de-passe-de-test"
    )


@pytest.fixture
def make_staff(db, django_user_model):
    """Return a factory of staff accounts holding one role (a group of crpv.roles)."""
    from django.contrib.auth.models import Group

    from crpv.roles import setup_roles

    # The data migration made the groups; a transactional test may have flushed them.
    setup_roles()

    def make(role, username=None, centres=()):
        user = django_user_model.objects.create_user(
            username or f"staff-{django_user_model.objects.count() + 1}",
            password="mot-de-passe-de-test",
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=role))
        for centre in centres:
            centre.referents.add(user)
        return user

    return make


@pytest.fixture
def referent(make_staff, centre):
    """Return a référent of ``centre`` (role « Référents de centre »), « referente »."""
    from crpv.roles import REFERENTS

    return make_staff(REFERENTS, username="referente", centres=[centre])


@pytest.fixture
def other(make_centre):
    """Return another centre than ``centre``: « Centre voisin », serving Paris (75)."""
    return make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))


@pytest.fixture
def broken_cache(monkeypatch):
    """Make the cache server fail on every call (as Redis stopped, or a locked table would)."""
    from django.core.cache import caches
    from redis.exceptions import ConnectionError as RedisConnectionError

    from crpv.cache import FailSafeMixin

    backend = type(caches["default"])
    base = backend.__mro__[backend.__mro__.index(FailSafeMixin) + 1]

    def fail(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    for name in ("get", "get_many", "set", "set_many", "add", "delete", "clear"):
        monkeypatch.setattr(base, name, fail)
    yield
    from crpv import cache as public_cache

    public_cache._state["skip_until"] = 0.0


@pytest.fixture
def app_queries():
    """Return a context manager that captures the SQL run inside it, the cache's own left out
    (the database cache, the default without Redis, reads and writes its table in savepoints)."""
    from contextlib import contextmanager

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def capture():
        queries = []
        with CaptureQueriesContext(connection) as context:
            yield queries
        queries.extend(q["sql"] for q in context.captured_queries)
        queries[:] = [
            sql
            for sql in queries
            if settings.CACHE_TABLE not in sql and not sql.startswith(("SAVEPOINT", "RELEASE"))
        ]

    return capture


@pytest.fixture
def redis_server():
    """Require the Redis server of the sessions and CI (127.0.0.1:6379): skip the test where
    there is none, fail it under CI=true. Each test uses a database number of its own."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is unreachable on 127.0.0.1:6379")
        pytest.skip("Redis is unreachable on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379"


@pytest.fixture
def reference_geography(transactional_db):
    """Reload the reference geography (régions, départements, communes), which a previous
    live-server test flushed with the rest of the database."""
    from centres import geography
    from centres.models import Commune, Departement, Region

    if not Region.objects.exists():
        geography.load(Region, Departement, Commune)
