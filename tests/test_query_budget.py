"""Every public page, built by its view (the page cache off), runs at most four SQL queries
once the data shared by the pages is built (navigation, filter lists, the map). From an empty
cache (emptied just before the request, the shared cache and this process's copies) it builds
that data too: at most ``COLD_BUDGET`` queries (the home page ``COLD_HOME_BUDGET``, the pages
of ``COLD_WITHIN_FOUR`` four), which does not grow with the number of centres
(tests/centres/test_views.py). After the edit of one centre, the directory rebuilds only what
reads centres (the départements served, that centre's card): ``AFTER_A_CENTRE_EDIT``."""

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command

from crpv.urls import SITEMAPS

DIRECTORY = "centres/data/centres.csv"
COLD_BUDGET = 8
# The home page shows the latest of each kind of content: eight queries of its own.
COLD_HOME_BUDGET = 11
# Pages that run at most four queries from an empty cache too, shared data included.
COLD_WITHIN_FOUR = {
    "/le-reseau/",
    "/le-reseau/question-de-ville/",
    "/contact/",
    "/plan-du-site/",
    "/robots.txt",
    "/agenda/passes/",
    "/agenda/agenda.ics?theme=cohesion-sociale",
    "/agenda/flux.rss",
    "/agenda/flux.atom?centre=ville-caraibe&theme=cohesion-sociale",
    "/actualites/flux.rss",
    "/recherche/",
}
AFTER_A_CENTRE_EDIT = 5

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
    "/contact/",
    "/plan-du-site/",
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
    "/recherche/",
    "/recherche/?q=actualit%C3%A9",
    "/recherche/?q=centre&type=centre&centre=ville-caraibe&theme=cohesion-sociale",
    # A place: the territory's rows too.
    "/recherche/?q=lyon",
    "/recherche/?q=97200",
]


def empty_cache():
    """Empty the shared cache and this process's copies: what the next request reads, it
    builds (the version's shared data included)."""
    cache.clear()
    caches["public"].clear()


@pytest.fixture
def directory(db):
    # The test of the query budget uses the real directory: its shapes are the ones that count.
    call_command("import_centres", DIRECTORY, verbosity=0)
    _news()


def _news():
    """A few news items, each with centres and themes, and related resources and events:
    lists and pages prefetch them."""
    import datetime

    from django.utils import timezone

    from centres.models import Centre, Theme
    from events.models import Event, EventType
    from library.models import Resource, ResourceType
    from news.models import NewsItem

    centres = list(Centre.objects.filter(slug="ville-caraibe")) + list(Centre.objects.all()[:2])
    themes = list(Theme.objects.all()[:2])
    for n in range(1, 6):
        item = NewsItem.objects.create(
            title=f"Actualité {n}", slug=f"actualite-{n}", is_published=True
        )
        item.centres.set(centres)
        item.themes.set(themes)
    resources = [
        Resource.objects.create(
            title=f"Étude {n}",
            slug=f"etude-{n}",
            resource_type=ResourceType.objects.first(),
            published_on=datetime.date(2026, 3, n),
            is_published=True,
        )
        for n in (1, 2)
    ]
    start = timezone.now() + datetime.timedelta(days=3)
    event = Event.objects.create(
        title="Webinaire lié",
        slug="webinaire-lie",
        event_type=EventType.objects.first(),
        format="en-ligne",
        online_url="https://visio.example.org/",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        is_published=True,
    )
    item = NewsItem.objects.get(slug="actualite-3")
    item.resources.set(resources)
    item.events.set([event])


def cold_and_warm_queries(client, url, app_queries):
    """Return the queries of two GETs of ``url`` (redirects followed), the first from an
    empty cache, then the next; each must answer 200. With the page cache off: what is
    counted is the view's work."""
    empty_cache()
    with app_queries() as cold:
        assert client.get(url, follow=True).status_code == 200
    with app_queries() as warm:
        assert client.get(url, follow=True).status_code == 200
    return cold, warm


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_runs_at_most_four_queries(client, directory, settings, url, app_queries):
    settings.PUBLIC_CACHE_ENABLED = False
    cold, queries = cold_and_warm_queries(client, url, app_queries)
    # From an empty cache: the page's own queries plus the shared data (navigation: one,
    # publication schedule: one, the filter choices a page needs: one; départements served,
    # cards).
    cold_budget = 4 if url in COLD_WITHIN_FOUR else COLD_BUDGET
    assert len(cold) <= {"/": COLD_HOME_BUDGET}.get(url, cold_budget), cold
    # The home page shows the latest of each kind of content (issue 17: at most 8); the
    # sitemap reads one query per section.
    budget = {"/": 8, "/sitemap.xml": len(SITEMAPS)}.get(url, 4)
    assert len(queries) <= budget, queries


@pytest.mark.parametrize(
    "url", ["/centres/", "/centres/?q=97200", "/centres/?region=84&theme=cohesion-sociale"]
)
def test_the_directory_after_the_edit_of_one_centre(client, directory, settings, url, app_queries):
    from centres.models import Centre

    settings.PUBLIC_CACHE_ENABLED = False
    assert client.get(url).status_code == 200
    centre = Centre.objects.published().by_territory().first()  # its card is on the first page
    centre.phone = "+33478770144"
    centre.save()
    with app_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    if url == "/centres/":
        assert 'href="tel:+33478770144"' in response.content.decode()  # its card drawn again
    # Not the navigation, the theme choices or the publication schedule: their models did not
    # change.
    assert len(queries) <= AFTER_A_CENTRE_EDIT, queries


LIBRARY_URLS = [
    "/ressources/",
    "/ressources/?q=quartiers",
    "/ressources/?q=quartiers&type=etude&region=84&page=2",
    "/ressources/?theme=cohesion-sociale&annee=2026&format=pdf",
    "/ressources/ressource-7/",
    "/ressources/export.csv?type=etude",
    "/ressources/export.json?q=quartiers",
    "/centres/ville-caraibe/",
    "/recherche/?q=quartiers",
    "/recherche/?q=quartiers&type=ressource&page=2",
    "/recherche/?q=rh%C3%B4ne",
]


@pytest.fixture
def library(directory, settings, tmp_path):
    """Thirty resources with two files each, several centres and themes: enough for two
    pages of the catalogue, so that a query per resource or per file would show."""
    import datetime

    from django.core.files.base import ContentFile

    from centres.models import Centre, Theme
    from library.models import Resource, ResourceFile, ResourceType

    settings.MEDIA_ROOT = tmp_path  # the files are written there, not in the checkout
    centres = list(Centre.objects.order_by("pk")[:5])
    themes = list(Theme.objects.all()[:3])
    etude = ResourceType.objects.get(slug="etude")
    for n in range(30):
        resource = Resource.objects.create(
            title=f"Les quartiers en 2026, numéro {n}",
            slug=f"ressource-{n}",
            summary="Une étude sur les quartiers prioritaires.",
            resource_type=etude,
            published_on=datetime.date(2026, 1, 1 + n % 28),
            is_published=True,
        )
        resource.centres.set(centres[n % len(centres) :][:2])
        resource.themes.set(themes)
        for position in range(2):
            ResourceFile.objects.create(
                resource=resource,
                file=ContentFile(b"%PDF-1.4", name="etude.pdf"),
                format="pdf",
                mime_type="application/pdf",
                size=8,
                text="Les quartiers prioritaires de la politique de la ville.",
                position=position,
            )


@pytest.mark.parametrize("url", LIBRARY_URLS)
def test_library_page_runs_at_most_four_queries(client, library, settings, url, app_queries):
    settings.PUBLIC_CACHE_ENABLED = False
    cold, queries = cold_and_warm_queries(client, url, app_queries)
    assert len(cold) <= COLD_BUDGET, cold
    assert len(queries) <= 4, queries


@pytest.mark.parametrize(
    "url",
    [
        "/agenda/",
        "/agenda/?region=84&type=webinaire",
        "/ressources/?theme=cohesion-sociale&annee=2026&format=pdf",
        "/actualites/flux.atom?centre=ville-caraibe&theme=cohesion-sociale",
    ],
)
def test_a_page_reads_its_filter_choices_and_its_navigation_in_one_query_each(
    client, library, settings, url, app_queries
):
    settings.PUBLIC_CACHE_ENABLED = False
    empty_cache()
    with app_queries() as cold:
        assert client.get(url).status_code == 200
    assert len([sql for sql in cold if "choice_list" in sql]) == 1, cold
    assert len([sql for sql in cold if '"pages_page"' in sql or "pages_homepage" in sql]) <= 1
