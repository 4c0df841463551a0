"""Every public page, built without the page cache, runs at most four SQL queries."""

import re
from html import unescape

import pytest
from django.core.management import call_command

DIRECTORY = "centres/data/centres.csv"

PUBLIC_URLS = [
    "/",
    "/centres/",
    "/centres/?q=97200",
    "/centres/?q=saint+denis",
    "/centres/?q=Rh%C3%B4ne-Alpes",
    "/centres/?q=2A",
    "/centres/?q=cergy&zone=metropole",
    "/centres/?region=84&theme=cohesion-sociale&page=1",
    "/centres/ville-caraibe/",
    "/centres/donnees-ouvertes/",
    "/centres/export.json",
    "/centres/export.csv?q=93",
    "/centres/export.geojson",
    "/le-reseau/",
    "/le-reseau/question-de-ville/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.fixture
def directory(db):
    # The test of the query budget uses the real directory: its shapes are the ones that count.
    call_command("import_centres", DIRECTORY, verbosity=0)


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_runs_at_most_four_queries(
    client, directory, settings, url, django_assert_max_num_queries
):
    settings.PUBLIC_CACHE_ENABLED = False
    client.get(url)  # the shared reference data (navigation, map, lists) is built once per version
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Every published centre, in the order kept per version: no query at all.
        ("/centres/", 0),
        ("/centres/?page=2", 0),
        # A search or a filter: one query for the ids of the matching centres.
        ("/centres/?q=97200", 1),
        ("/centres/?q=saint+denis&zone=outre-mer", 1),
        # An export: the matching ids, then the centres with their territory and themes.
        ("/centres/export.json?q=93", 4),
        # A centre page, once drawn in this version: none.
        ("/centres/ville-caraibe/", 0),
    ],
)
def test_a_page_drawn_once_in_a_version_runs_almost_no_query(
    client, directory, settings, url, queries, django_assert_num_queries
):
    settings.PUBLIC_CACHE_ENABLED = False
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_change_is_seen_by_the_next_list_and_centre_page(client, directory, settings):
    from centres.models import Centre, Departement

    settings.PUBLIC_CACHE_ENABLED = False
    client.get("/centres/")
    client.get("/centres/ville-caraibe/")
    # A new centre in Corse (between Centre-Val de Loire and Grand Est) takes its place in
    # the kept order; an edit shows on the centre page.
    corse = Centre.objects.create(name="Centre corse", slug="corse", is_published=True)
    corse.departements.set(Departement.objects.filter(code="2A"))
    Centre.objects.filter(slug="ville-caraibe").update(name="Ville Caraïbe (nouveau nom)")
    from crpv.cache import invalidate

    invalidate()  # update() sends no signal; the bulk import calls this the same way
    html = client.get("/centres/").content.decode()
    assert "Centre corse" in html
    names = [
        unescape(name)
        for name in re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)
    ]
    expected = Centre.objects.published().by_territory().values_list("name", flat=True)
    assert names == list(expected[:24])
    assert "Ville Caraïbe (nouveau nom)" in client.get("/centres/ville-caraibe/").content.decode()
