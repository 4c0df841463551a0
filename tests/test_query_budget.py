"""Every public page, built by its view (the page cache off), runs at most four SQL queries
once the data shared by every page of a content version is built (navigation, filter lists,
the map). The first request after an edit builds that data too: its count is bounded here as
well, and does not grow with the number of centres (tests/centres/test_views.py)."""

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
    "/agenda/",
    "/agenda/?region=84&type=webinaire",
    "/agenda/passes/",
    "/agenda/agenda.ics?theme=cohesion-sociale",
    "/agenda/export.csv?format=en-ligne",
    "/agenda/flux.rss",
    "/agenda/flux.atom?centre=ville-caraibe&theme=cohesion-sociale",
    "/actualites/",
    "/actualites/?centre=ville-caraibe&region=02&theme=cohesion-sociale",
    "/actualites/actualite-3/",
    "/actualites/flux.rss",
    "/actualites/flux.atom?centre=ville-caraibe&theme=cohesion-sociale",
]


@pytest.fixture
def directory(db):
    # The test of the query budget uses the real directory: its shapes are the ones that count.
    call_command("import_centres", DIRECTORY, verbosity=0)
    _news()


def _news():
    """A few news items, each with centres and themes: lists and pages prefetch them."""
    from centres.models import Centre, Theme
    from news.models import NewsItem

    centres = list(Centre.objects.filter(slug="ville-caraibe")) + list(Centre.objects.all()[:2])
    themes = list(Theme.objects.all()[:2])
    for n in range(1, 6):
        item = NewsItem.objects.create(
            title=f"Actualité {n}", slug=f"actualite-{n}", is_published=True
        )
        item.centres.set(centres)
        item.themes.set(themes)


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_runs_at_most_four_queries(client, directory, settings, url, app_queries):
    settings.PUBLIC_CACHE_ENABLED = False
    with app_queries() as cold:
        first = client.get(url, follow=True)
    assert first.status_code == 200
    # From an empty cache: the page's own queries plus the shared data of the version.
    assert len(cold) <= 10, cold
    with app_queries() as queries:
        response = client.get(url, follow=True)
    assert response.status_code == 200
    assert len(queries) <= 4, queries
