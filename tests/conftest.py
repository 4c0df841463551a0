"""Fixtures shared by the whole suite: fast settings and small factories."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must not refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with an empty cache: rolled-back data sends no invalidation signal."""
    from django.core.cache import cache

    from crpv.cache import forget_local

    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
