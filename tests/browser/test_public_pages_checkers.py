"""Every public page passes the independent checkers: the Nu HTML Checker (0 errors) and pa11y
(HTML_CodeSniffer WCAG2AA and axe, 0 errors), on a small network with content pages.

Here with the browser tests, whose fixtures reload the reference geography that an earlier
live-server test may have flushed."""

from importlib import import_module

import pytest

from pages.models import Page
from tests.checkers import pa11y_errors, vnu_errors


def _library(centre):
    """Return the addresses of the catalogue and of a resource with a file and a thumbnail."""
    import datetime

    from django.core.files.base import ContentFile

    from library.models import Resource, ResourceFile, ResourceType

    etude, _created = ResourceType.objects.get_or_create(
        slug="etude", defaults={"name": "Étude", "download_label": "l’étude"}
    )
    resource = Resource.objects.create(
        title="La gestion urbaine de proximité : dix ans après",
        slug="gup-dix-ans",
        summary="Ce que la GUP a changé dans les quartiers.",
        resource_type=etude,
        authors="Marie Dupont",
        published_on=datetime.date(2026, 3, 15),
        licence="cc-by",
        is_published=True,
    )
    resource.centres.set([centre])
    ResourceFile.objects.create(
        resource=resource,
        file=ContentFile(b"%PDF-1.4", name="etude.pdf"),
        name="Étude GUP.pdf",
        format="pdf",
        mime_type="application/pdf",
        size=2_400_000,
        text="Les quartiers prioritaires et la gestion urbaine de proximité.",
        thumbnail=ContentFile(b"\x89PNG\r\n\x1a\n", name="vignette.png"),
    )
    resource.refresh()
    return [
        "/ressources/",
        "/ressources/?q=quartiers",
        "/ressources/?type=etude",
        resource.get_absolute_url(),
    ]


@pytest.fixture
def public_urls(make_centre, settings, tmp_path):
    """Return the public addresses to check: every kind of page and of directory answer."""
    settings.MEDIA_ROOT = tmp_path / "media"
    labo = make_centre(
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
    # Pages of their own: a live-server test before this one may have emptied the database.
    page = Page.objects.create(
        title="Le réseau en test",
        slug="reseau-en-test",
        status="published",
        intro="Une page de contenu.",
        body="<p>Un paragraphe avec un <a href='/'>lien</a>.</p>",
    )
    child = Page.objects.create(
        title="Une sous-page",
        slug="sous-page",
        parent=page,
        status="published",
        body="<h2>Un intertitre</h2><ul><li>Un point.</li></ul>",
    )
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
    # The contact page as its data migration writes it, and the site map that lists it all.
    contact = import_module("pages.migrations.0005_contact_page")
    Page.objects.get_or_create(
        slug=contact.SLUG,
        defaults={
            "title": contact.TITLE,
            "intro": contact.INTRO,
            "body": contact._html(contact.BODY),
            "status": "published",
            "footer_position": contact.FOOTER_POSITION,
        },
    )
    urls += [page.get_absolute_url(), child.get_absolute_url(), "/contact/", "/plan-du-site/"]
    urls += _library(labo)
    urls += _news(settings, tmp_path)
    # The site search: its form, words found in every kind, a place, nothing found.
    urls += ["/recherche/", "/recherche/?q=quartiers", "/recherche/?q=Lyon", "/recherche/?q=zzzxqw"]
    return urls


def _news(settings, tmp_path):
    """Return the news pages to check: the list, an empty selection, an item with an image
    and a related resource."""
    from centres.models import Centre
    from library.models import Resource
    from news.models import NewsItem
    from tests.news.conftest import image_file

    settings.MEDIA_ROOT = tmp_path / "media"
    item = NewsItem.objects.create(
        title="Appel à projets « Quartiers d’été »",
        slug="appel-quartiers-d-ete",
        summary="Les dossiers sont ouverts jusqu’au 15 mai.",
        body="<h2>Qui peut candidater ?</h2><p>Les associations des quartiers.</p>",
        image=image_file(),
        image_alt="Des enfants jouent au ballon au pied d’un immeuble.",
        is_published=True,
    )
    item.centres.set(Centre.objects.filter(slug="labo-cites"))
    item.resources.set(Resource.objects.filter(slug="gup-dix-ans"))  # its « Ressources liées »
    NewsItem.objects.create(
        title="Du réseau", slug="du-reseau", is_published=True, is_national=True
    )
    return ["/actualites/", "/actualites/?centre=ville-caraibe", item.get_absolute_url()]


def assert_none(errors):
    found = [f"{url}: {error}" for url, messages in errors.items() for error in messages]
    assert found == [], "\n".join(found)


def test_every_public_page_is_valid_html(client, public_urls):
    documents = {}
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        documents[url] = response.content.decode()
    assert_none(vnu_errors(documents))


def test_every_public_page_passes_pa11y(live_server, public_urls):
    assert_none(pa11y_errors([live_server.url + url for url in public_urls]))
