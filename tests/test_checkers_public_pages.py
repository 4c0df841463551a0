"""Every public page passes the independent checkers: the Nu HTML Checker (0 errors) and pa11y
(HTML_CodeSniffer WCAG2AA and axe, 0 errors), on a small network with content pages."""

import pytest

from pages.models import Page
from tests.checkers import pa11y_errors, vnu_errors


@pytest.fixture
def public_urls(make_centre):
    """Return the public addresses to check: every kind of page and of directory answer."""
    make_centre(
        name="Labo Cités",
        slug="labo-cites",
        departements=("01", "69", "42", "74"),
        street_address="4 rue de Narvik",
        postcode="69008",
        city="Lyon",
        phone="04 78 77 01 43",
        website="https://www.labo-cites.org",
        description="Centre de ressources de la région Auvergne-Rhône-Alpes.",
    )
    make_centre(name="Profession Banlieue", slug="profession-banlieue", departements=("93",))
    make_centre(name="Ville Caraïbe", slug="ville-caraibe", departements=("972",))
    for n in range(30):
        make_centre(name=f"Centre {n:02}", departements=("13",))
    page = Page.objects.published().filter(parent__isnull=True).first()
    child = Page.objects.published().filter(parent__isnull=False).first()
    urls = [
        "/",
        "/centres/",
        "/centres/?page=2",
        "/centres/?q=%C3%89vry",
        "/centres/?q=Corse",
        "/centres/?q=Marseile",
        "/centres/?q=zzzxqw",
        "/centres/?region=84&theme=cohesion-sociale",
        "/centres/labo-cites/",
        "/centres/donnees-ouvertes/",
        "/page-qui-n-existe-pas/",
    ]
    urls += [p.get_absolute_url() for p in (page, child) if p]
    return urls


def assert_none(errors):
    found = [f"{url}: {error}" for url, messages in errors.items() for error in messages]
    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_every_public_page_is_valid_html(client, public_urls):
    documents = {}
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        documents[url] = response.content.decode()
    assert_none(vnu_errors(documents))


@pytest.mark.browser
def test_every_public_page_passes_pa11y(reference_geography, live_server, public_urls):
    assert_none(pa11y_errors([live_server.url + url for url in public_urls]))
