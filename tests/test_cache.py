"""The public page cache: right after every edit, bounded, and never a cause of errors."""

import logging
import random
import string
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from centres.models import Centre, Theme
from crpv.cache import bump_content_version, content_version, versioned
from crpv.models import PendingImport

pytestmark = pytest.mark.django_db


def stored_pages():
    """Return how many pages the cache holds (database cache or Redis alike)."""
    from django.core.cache import caches

    backend = caches["default"]
    if hasattr(backend, "_cache"):  # Redis
        client = backend._cache.get_client()
        return len(client.keys(backend.make_key("page:*")))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {settings.CACHE_TABLE} WHERE cache_key LIKE %s",
            [backend.make_key("page:%")],
        )
        return cursor.fetchone()[0]


def test_a_public_page_is_served_from_the_cache(client, make_centre, app_queries):
    make_centre(name="Ville Caraïbe", departements=("972",))
    first = client.get("/centres/")
    assert first.status_code == 200
    with app_queries() as queries:
        second = client.get("/centres/")
    assert second.status_code == 200
    assert queries == []
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


def test_changes_visitors_cannot_see_keep_the_cache(make_centre, make_staff, client):
    centre = make_centre()
    referent = make_staff("Référents de centre")
    version = content_version()
    centre.referents.add(referent)  # a referent link
    PendingImport.objects.create(name="attente", content=b"x")  # an import's preview
    client.force_login(referent)  # a login
    assert content_version() == version
    centre.save()  # a centre's history row comes with a change that does count
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


def test_a_request_with_a_messages_cookie_is_neither_served_nor_stored(client, make_centre):
    make_centre()
    client.get("/centres/")  # stored for visitors
    with_cookie = Client()
    with_cookie.cookies["messages"] = "x"
    response = with_cookie.get("/centres/")
    assert "ETag" not in response
    assert stored_pages() == 1


def test_a_response_that_sets_a_cookie_is_not_stored(client, make_centre, monkeypatch):
    from centres import views

    make_centre()
    real_render = views.render

    def render_with_cookie(*args, **kwargs):
        response = real_render(*args, **kwargs)
        response.set_cookie("preference", "1")
        return response

    monkeypatch.setattr(views, "render", render_with_cookie)
    response = client.get("/centres/")
    assert response.cookies["preference"].value == "1"
    assert "ETag" not in response
    assert stored_pages() == 0


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


# Canonical addresses only


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("/centres/?utm_source=lettre", "/centres/"),
        ("/centres/?q=lyon&region=&departement=&zone=&theme=&forme=", "/centres/?q=lyon"),
        ("/centres/?zone=outre-mer&q=lyon", "/centres/?q=lyon&zone=outre-mer"),
        ("/centres/?q=", "/centres/"),
        ("/centres/labo-cites/?fbclid=abc", "/centres/labo-cites/"),
        ("/centres/export.json?format=x&q=93", "/centres/export.json?q=93"),
        ("/le-reseau/?x=1", "/le-reseau/"),
        # Values as the views read them (centres.views.clean_params): without control
        # characters, spaces collapsed, cut short, the last of a repeated name only.
        ("/centres/?region=%01%1B", "/centres/"),
        ("/agenda/?centre=%7F&q=%00", "/agenda/"),
        ("/centres/?q=lyon&q=paris", "/centres/?q=paris"),
        ("/centres/?q=lyon%20%20%09paris", "/centres/?q=lyon+paris"),
        ("/centres/?q%01=lyon", "/centres/?q=lyon"),
        ("/ressources/?q=" + "a" * 300, "/ressources/?q=" + "a" * 200),
        ("/recherche/?q=" + "a+" * 150, "/recherche/?q=" + "+".join(["a"] * 100)),  # no end space
    ],
)
def test_an_address_in_another_form_redirects_to_its_canonical_form(client, asked, canonical):
    response = client.get(asked)
    assert response.status_code == 302
    assert response["Location"] == canonical
    assert stored_pages() == 0


@pytest.mark.parametrize(
    "url",
    [
        "/centres/?region=zz",  # an unknown value
        "/centres/?page=99",  # past the end
        "/centres/?page=abc",
        "/centres/?q=xqzwv",  # nothing understood
        "/centres/export.json?q=xqzwv",
        "/centres/export.csv?region=zz",
        "/ressources/?q=xqzwv",  # nothing found
        "/ressources/export.csv?q=xqzwv",
        "/agenda/export.json?q=xqzwv",  # no place understood
        "/agenda/agenda.ics?q=xqzwv",
        "/recherche/?page=abc",  # a page number without a search
    ],
)
def test_a_page_that_is_not_canonical_is_served_but_not_stored(client, make_centre, url):
    make_centre()
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert stored_pages() == 0


def test_made_up_addresses_cannot_fill_the_cache(client, make_centre):
    make_centre()
    rng = random.Random(11)
    for _ in range(300):
        word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 12)))
        client.get(f"/centres/?q={word}")
        client.get(f"/centres/?{word}=1")
        client.get(f"/centres/?page={rng.randint(2, 10**6)}")
        client.get(f"/centres/export.json?q={word}")
    assert stored_pages() <= 5


def test_absolute_addresses_come_from_the_site_setting_not_the_host(settings, make_centre):
    settings.ALLOWED_HOSTS = ["portail.example.org", "evil.example.org"]
    settings.SITE_URL = "https://portail.example.org"
    make_centre(slug="labo-cites")
    evil = Client(HTTP_HOST="evil.example.org")
    for url in ("/centres/labo-cites/", "/centres/", "/sitemap.xml", "/robots.txt"):
        body = evil.get(url).content.decode()
        assert "evil.example.org" not in body
        assert "https://portail.example.org/" in body
    export = evil.get("/centres/export.json").json()
    assert export["centres"][0]["url"] == "https://portail.example.org/centres/labo-cites/"


# When the cache fails


def test_pages_are_built_from_the_database_while_the_cache_fails(
    client, make_centre, broken_cache, caplog
):
    make_centre(name="Ville Caraïbe", departements=("972",))
    with caplog.at_level(logging.WARNING, logger="crpv.cache"):
        for url in ("/", "/centres/", "/centres/?q=97200", "/le-reseau/", "/sitemap.xml"):
            response = client.get(url)
            assert response.status_code in (200, 404), url
        assert "Ville Caraïbe" in client.get("/centres/").content.decode()
        assert client.get(f"/{settings.ADMIN_URL}/login/").status_code == 200
    warnings = [r for r in caplog.records if r.name == "crpv.cache"]
    assert len(warnings) == 1  # at most one a minute


def test_the_cache_is_used_again_once_it_recovers(client, make_centre, monkeypatch):
    from crpv import cache as public_cache

    make_centre()
    public_cache._failed(OSError("down"))  # as after a failure
    client.get("/centres/")
    assert stored_pages() == 0
    monkeypatch.setattr(public_cache, "RETRY_AFTER", 0)
    public_cache._state["skip_until"] = 0.0  # RETRY_AFTER seconds later
    client.get("/centres/")
    assert stored_pages() == 1


# Data kept per content version (crpv.cache.versioned)


def test_data_is_built_once_per_version_and_again_after_a_change():
    calls = []

    def build():
        calls.append(1)
        return ["menu"]

    assert versioned("test-data", build) == ["menu"]
    assert versioned("test-data", build) == ["menu"]
    assert len(calls) == 1
    bump_content_version()
    versioned("test-data", build)
    assert len(calls) == 2


def test_data_kept_for_a_model_is_built_again_only_when_that_model_changes(make_centre):
    calls = []

    def build():
        calls.append(1)
        return list(Theme.objects.values_list("name", flat=True))

    themes = versioned("test-themes", build, models=[Theme])
    make_centre()  # a centre, its territory and themes: not a theme
    assert versioned("test-themes", build, models=[Theme]) == themes
    assert len(calls) == 1
    Theme.objects.create(name="Nouveau thème", slug="nouveau-theme")
    assert "Nouveau thème" in versioned("test-themes", build, models=[Theme])
    bump_content_version()  # without a model: every model (a bulk write, a new day)
    versioned("test-themes", build, models=[Theme])
    assert len(calls) == 3


def test_a_model_version_lost_from_the_cache_is_followed_by_a_newer_one(make_centre):
    from crpv.cache import model_versions

    make_centre()
    before = model_versions()["centres.centre"]
    time.sleep(0.002)
    cache.delete("content-version:centres.centre")  # evicted (allkeys-lru)
    bump_content_version(Theme)
    assert model_versions()["centres.centre"] > before


def test_a_centre_edit_builds_again_neither_the_navigation_nor_the_theme_choices(
    client, make_centre, settings, app_queries
):
    settings.PUBLIC_CACHE_ENABLED = False
    centre = make_centre(name="Avant")
    client.get("/centres/")
    centre.name = "Après"
    centre.save()
    with app_queries() as queries:
        assert "Après" in client.get("/centres/").content.decode()
    tables = " ".join(queries)
    assert "pages_page" not in tables
    assert "pages_homepage" not in tables
    assert "centres_theme" not in tables


def test_a_committed_centre_edit_leaves_the_directory_only_its_own_queries(
    client, make_centre, settings, app_queries, django_capture_on_commit_callbacks
):
    # The writer draws the map and the edited centre's card again once the change commits
    # (centres.views.rebuild_directory): the next visitor reads both from the cache.
    settings.PUBLIC_CACHE_ENABLED = False
    centre = make_centre(name="Centre A", departements=("69",))
    make_centre(name="Centre B", departements=("972",))
    client.get("/centres/")
    with django_capture_on_commit_callbacks(execute=True):
        centre.phone = "+33478770144"
        centre.save()
    with app_queries() as queries:
        page = client.get("/centres/").content.decode()
    assert 'href="tel:+33478770144"' in page
    # The page's ids only (two centres: no count): not the map's départements, nor the card.
    assert len(queries) == 1, queries
    assert '"centres_centre"."updated_at"' in queries[0]


def test_a_centre_s_writer_builds_again_the_names_a_search_reads(
    client, make_centre, settings, app_queries, django_capture_on_commit_callbacks
):
    settings.PUBLIC_CACHE_ENABLED = False
    centre = make_centre(name="Centre A", city="Lyon", departements=("69",))
    client.get("/centres/?q=lyon")
    with django_capture_on_commit_callbacks(execute=True):
        centre.city = "Cergy"
        centre.save()
    with app_queries() as queries:
        page = client.get("/centres/?q=cergy").content.decode()
    assert "Centre A" in page  # found by its new city
    # Not the names of every published centre: the writer read them once the change committed.
    assert not [sql for sql in queries if '"centres_centre"."city" AS' in sql], queries


def test_a_committed_bulk_write_leaves_the_map_built(
    client, make_centre, settings, app_queries, django_capture_on_commit_callbacks
):
    from crpv.cache import invalidate

    settings.PUBLIC_CACHE_ENABLED = False
    make_centre(name="Centre A", departements=("69",))
    client.get("/centres/")
    with django_capture_on_commit_callbacks(execute=True):
        Centre.objects.update(acronym="CA")
        invalidate()  # as an import does: every model
    with app_queries() as queries:
        assert client.get("/centres/").status_code == 200
    assert not [sql for sql in queries if "COUNT(" in sql and "departement" in sql], queries


def test_an_edit_stands_when_what_it_rebuilds_fails(
    client, make_centre, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from django.db import DatabaseError

    from centres import maps

    def broken():
        raise DatabaseError("connexion perdue")

    monkeypatch.setattr(maps, "map_key", broken)
    centre = make_centre(name="Avant")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        centre.name = "Après"
        centre.save()
    assert Centre.objects.get(pk=centre.pk).name == "Après"
    assert "connexion perdue" in caplog.text
    monkeypatch.undo()
    assert "Après" in client.get("/centres/").content.decode()


def test_an_unpublished_centre_edit_draws_no_card(
    make_centre, monkeypatch, django_capture_on_commit_callbacks
):
    from centres import views

    drawn = []
    monkeypatch.setattr(views, "_cards", drawn.append)
    centre = make_centre(name="Caché", is_published=False)
    with django_capture_on_commit_callbacks(execute=True):
        centre.save()
    assert drawn == []
    centre.is_published = True
    with django_capture_on_commit_callbacks(execute=True):
        centre.save()
    assert drawn == [[(centre.pk, centre.updated_at)]]


def test_a_page_put_in_the_menu_and_a_theme_renamed_show_on_the_next_request(client, make_centre):
    from pages.models import Page, Status

    make_centre()
    theme = Theme.objects.create(name="Ancien thème", slug="theme-test")
    assert "Ancien thème" in client.get("/centres/").content.decode()
    Page.objects.create(
        title="Nouvelle rubrique", slug="rubrique", status=Status.PUBLISHED, menu_position=1
    )
    theme.name = "Nouveau thème"
    theme.save()
    html = client.get("/centres/").content.decode()
    assert "Nouvelle rubrique" in html
    assert "Nouveau thème" in html


def test_a_version_lost_from_the_cache_is_followed_by_a_newer_one():
    # Redis may evict the version (allkeys-lru) while pages of that version stay.
    first = bump_content_version()
    time.sleep(0.002)
    cache.delete("content-version")
    assert content_version() > first


def test_a_bulk_update_followed_by_invalidate_shows(client, make_centre):
    from crpv.cache import invalidate

    make_centre(slug="labo-cites", name="Avant")
    client.get("/centres/labo-cites/")
    Centre.objects.filter(slug="labo-cites").update(name="Après")  # no signal
    invalidate()
    assert "Après" in client.get("/centres/labo-cites/").content.decode()


def test_a_detail_object_is_read_once_per_version_and_again_after_a_change(
    client, make_centre, settings, app_queries
):
    from crpv.cache import versioned_object_or_404

    make_centre(slug="labo-cites", name="Avant")
    queryset = Centre.objects.for_display()
    versioned_object_or_404(queryset, slug="labo-cites")
    with app_queries() as queries:
        assert versioned_object_or_404(queryset, slug="labo-cites").name == "Avant"
    assert len(queries) == 0
    Centre.objects.filter(slug="labo-cites").update(name="Après")
    bump_content_version()
    assert versioned_object_or_404(queryset, slug="labo-cites").name == "Après"


def test_a_slug_that_names_nothing_is_a_404_and_stores_nothing(db):
    from django.core.cache import caches
    from django.http import Http404

    from crpv.cache import versioned_object_or_404

    with pytest.raises(Http404):
        versioned_object_or_404(Centre.objects.all(), slug="nulle-part")
    # (The version's schedule of publications may be kept: crpv.cache.scheduled_version.)
    assert [key for key in caches["public"]._copies if "object:" in key] == []


def test_cache_keys_carry_a_digest_of_the_code_that_stored_them(settings, tmp_path):
    """After a deploy, entries stored by the old code (another shape of the navigation, other
    templates) are not read by the new one: every key starts with a digest of the code."""
    from crpv.settings import code_digest

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "base.html"
    template.write_text("<p>{{ navigation.items }}</p>")
    (tmp_path / "node_modules").mkdir()  # not the project's code
    (tmp_path / "node_modules" / "lib.py").write_text("x = 1")
    before = code_digest(tmp_path)
    (tmp_path / "node_modules" / "lib.py").write_text("x = 2")
    assert code_digest(tmp_path) == before
    template.write_text("<p>{{ navigation.links }}</p>")
    assert code_digest(tmp_path) != before
    changed = code_digest(tmp_path)
    (tmp_path / "static").mkdir()  # a stored page names the style sheet's hashed copy
    (tmp_path / "static" / "site.css").write_text("body { margin: 0 }")
    assert code_digest(tmp_path) != changed
    assert settings.CACHES["default"]["KEY_PREFIX"].endswith(":" + code_digest())


def test_fragments_are_kept_as_long_as_the_pages(
    client, make_centre, make_event, settings, monkeypatch
):
    from django.core.cache import caches

    settings.PUBLIC_CACHE_TIMEOUT = 1234
    public, timeouts = caches["public"], {}
    keep = public.set

    def set_(key, value, timeout=None, version=None):
        timeouts[key] = timeout
        return keep(key, value, timeout, version)

    monkeypatch.setattr(public, "set", set_)
    for url in (make_centre().get_absolute_url(), "/centres/", make_event().get_absolute_url()):
        assert client.get(url).status_code == 200
    fragments = {key: t for key, t in timeouts.items() if key.startswith("template.cache.")}
    names = {key.split(".")[2] for key in fragments}
    assert names >= {"site-header", "site-footer", "centre-body", "directory-map", "event-body"}
    assert set(fragments.values()) == {1234}


@pytest.mark.django_db(transaction=True)
def test_a_deleted_centre_rebuilds_the_map_and_draws_no_card(
    reference_geography, make_centre, monkeypatch
):
    from centres import maps, views

    drawn, maps_built = [], []
    monkeypatch.setattr(views, "_cards", drawn.append)
    monkeypatch.setattr(maps, "map_key", lambda: maps_built.append(True))
    centre = make_centre(name="Fermé")
    # What its creation drew.
    drawn.clear()
    maps_built.clear()
    # Committed for real: the callbacks run as Django's delete commits, before it clears the
    # object's id.
    centre.delete()
    # The map loses its départements; the card of a centre that is gone is not drawn (its
    # query would find nothing).
    assert maps_built and drawn == []


def test_a_save_and_its_links_in_one_transaction_build_the_directory_s_data_once(
    make_centre, monkeypatch, django_capture_on_commit_callbacks
):
    # The admin saves a centre, then its départements, then its themes: three signals, one
    # commit. Their callbacks used to run bump, rebuild, bump, rebuild…: each rebuild read a
    # new version and built the map's data again.
    from centres import maps

    built = []
    build = maps._served_departements
    monkeypatch.setattr(maps, "_served_departements", lambda: built.append(1) or build())
    centre = make_centre(name="Avant", departements=("69",))
    theme = Theme.objects.create(name="Emploi", slug="emploi")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        centre.name = "Après"
        centre.save()
        centre.departements.set(centre.departements.model.objects.filter(code="972"))
        centre.themes.set([theme])
    assert len(callbacks) > 3  # one bump and one rebuild per signal
    assert built == [1]
    assert maps.served_departements() == {"972": (1, centre.slug, "Après", "")}
