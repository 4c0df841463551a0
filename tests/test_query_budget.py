"""Every public page, built without the page cache, runs at most four SQL queries."""

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
