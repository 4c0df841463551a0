"""Public pages come from the cache until the content changes."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from centres.models import Theme
from crpv import cache as crpv_cache
from crpv.cache import bump_content_version, content_version, versioned, versioned_items

pytestmark = pytest.mark.django_db


def test_a_public_page_is_served_from_the_cache(client, make_centre, django_assert_num_queries):
    make_centre(name="Ville Caraïbe", departements=("972",))
    first = client.get("/centres/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/centres/")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_editing_a_centre_shows_on_the_next_request(client, make_centre):
    centre = make_centre(name="Ancien nom")
    assert "Ancien nom" in client.get("/centres/").content.decode()
    centre.name = "Nouveau nom"
    centre.save()
    assert "Nouveau nom" in client.get("/centres/").content.decode()


def test_changing_the_territory_or_a_theme_invalidates(client, make_centre):
    centre = make_centre(name="Centre A", departements=("69",))
    assert "Rhône" in client.get(centre.get_absolute_url()).content.decode()
    centre.departements.set([])
    assert "Rhône" not in client.get(centre.get_absolute_url()).content.decode()
    version = content_version()
    Theme.objects.create(name="Nouveau thème", slug="nouveau-theme")
    assert content_version() > version


def test_conditional_requests_answer_304(client, make_centre):
    make_centre()
    response = client.get("/centres/")
    assert response["Cache-Control"] == "no-cache"
    again = client.get("/centres/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get("/centres/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_staff_are_never_served_nor_stored(admin_client, client, make_centre):
    make_centre(name="Brouillon", slug="brouillon", is_published=False)
    # The staff preview of an unpublished centre is not stored for visitors.
    assert admin_client.get("/centres/brouillon/").status_code == 200
    assert client.get("/centres/brouillon/").status_code == 404
    # A visitor's cached page is not served to staff.
    client.get("/")
    response = admin_client.get("/")
    assert "ETag" not in response


def test_responses_setting_a_cookie_are_not_stored(client, make_centre):
    make_centre()
    anonymous = Client()
    anonymous.cookies["messages"] = "x"
    response = anonymous.get("/centres/")
    assert "ETag" not in response


def test_cache_can_be_turned_off(client, make_centre, settings):
    settings.PUBLIC_CACHE_ENABLED = False
    make_centre()
    assert "ETag" not in client.get("/centres/")


def test_admin_pages_are_never_cached(admin_client):
    admin_client.get(f"/{settings.ADMIN_URL}/")
    response = admin_client.get(f"/{settings.ADMIN_URL}/")
    assert "ETag" not in response


def test_an_import_shows_on_the_next_request(client, make_centre, tmp_path):
    from django.core.management import call_command

    make_centre(name="Avant import", slug="centre-importe")
    assert "Avant import" in client.get("/centres/").content.decode()
    path = tmp_path / "import.csv"
    call_command("export_centres", "--output", str(path))
    path.write_text(path.read_text(encoding="utf-8").replace("Avant import", "Après import"))
    call_command("import_centres", str(path))
    assert "Après import" in client.get("/centres/").content.decode()


# Fragments kept per content version (crpv.cache.versioned)


def test_a_fragment_is_built_once_per_version_and_again_after_a_change(db):
    calls = []

    def build():
        calls.append(1)
        return ["menu"]

    assert versioned("test-fragment", build) == ["menu"]
    assert versioned("test-fragment", build) == ["menu"]
    assert len(calls) == 1
    bump_content_version()
    versioned("test-fragment", build)
    assert len(calls) == 2


def test_a_worker_reads_a_fragment_from_the_shared_cache_once_per_version(db, monkeypatch):
    versioned("test-fragment", lambda: {"big": "value"})
    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    versioned("test-fragment", lambda: {"big": "value"})
    # Only the version is read (no fragment unpickled again).
    assert reads == ["public-content-version"]


def test_the_kept_fragments_are_bounded(db, monkeypatch):
    monkeypatch.setattr(crpv_cache._local, "max_entries", 10)
    for n in range(50):
        versioned(f"test-fragment-{n}", lambda n=n: n)
    assert len(crpv_cache._local.entries) == 10
    assert versioned("test-fragment-49", lambda: "rebuilt") == 49  # the newest are kept


def test_items_are_built_once_per_version_and_read_from_memory_after(db, monkeypatch):
    built = []

    def build(missing):
        built.append(list(missing))
        return {pk: f"card {pk}" for pk in missing if pk != 3}  # 3 no longer exists

    assert versioned_items("test-card", [1, 2, 3], build) == ["card 1", "card 2"]
    reads = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or real_get_many(keys))
    assert versioned_items("test-card", [2, 1, 4], build) == ["card 2", "card 1", "card 4"]
    assert built == [[1, 2, 3], [4]]
    assert reads == [[f"test-card:{content_version()}:4"]]  # only the one never drawn
    bump_content_version()
    versioned_items("test-card", [1], build)
    assert built[-1] == [1]


def test_versions_never_repeat_even_after_the_cache_is_emptied(db):
    first = bump_content_version()
    cache.clear()
    assert content_version() > first


def test_a_request_reads_the_version_once(client, make_centre, settings, monkeypatch):
    settings.PUBLIC_CACHE_ENABLED = False
    make_centre(name="Ville Caraïbe", departements=("972",))
    client.get("/centres/?q=97200")  # fragments drawn
    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    assert client.get("/centres/?q=97200").status_code == 200
    assert reads.count("public-content-version") == 1
