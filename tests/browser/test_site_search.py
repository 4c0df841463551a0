"""The site search from the header, on a phone: a word found only inside a resource's PDF, a
news item's title and a centre's town each lead to what they name. The menu folds behind its
button, and the pages stay accessible."""

import datetime

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from tests.library.files import make_pdf

# In the PDF's text only: not in the resource's title, summary or file name.
HIDDEN_WORD = "zythogrammes"


@pytest.fixture
def content(settings, tmp_path, make_centre):
    """A centre in Villeurbanne, a resource whose PDF holds ``HIDDEN_WORD``, a news item."""
    from centres.models import Centre
    from library import documents
    from library.models import Resource, ResourceFile, ResourceType
    from news.models import NewsItem

    settings.MEDIA_ROOT = tmp_path / "media"
    centre = make_centre(name="Centre Est", slug="centre-est", city="Villeurbanne")
    # Another centre, elsewhere, so that finding the first one means something.
    make_centre(name="Centre Ouest", slug="centre-ouest", city="Nantes", departements=("44",))
    etude, _created = ResourceType.objects.get_or_create(
        slug="etude", defaults={"name": "Étude", "download_label": "l’étude"}
    )
    resource = Resource.objects.create(
        title="Étude sur la gestion urbaine",
        slug="etude-gestion-urbaine",
        resource_type=etude,
        published_on=datetime.date(2026, 3, 15),
        is_published=True,
    )
    resource.centres.set([centre])
    content = make_pdf(f"Les {HIDDEN_WORD} des quartiers")
    info = documents.inspect(ContentFile(content, name="etude.pdf"))
    assert HIDDEN_WORD in info.text
    ResourceFile.objects.create(
        resource=resource,
        file=ContentFile(content, name="etude.pdf"),
        name="etude.pdf",
        format=info.format,
        mime_type=info.mime_type,
        size=info.size,
        text=info.text,
    )
    item = NewsItem.objects.create(
        title="Printemps des jardins partagés",
        slug="printemps-des-jardins",
        summary="Une saison de chantiers.",
        is_published=True,
    )
    item.centres.set(Centre.objects.filter(slug="centre-est"))


def search_from_header(page, words):
    box = page.get_by_role("search", name="Tout le site").get_by_label(
        "Rechercher sur tout le site"
    )
    expect(box).to_be_visible()
    box.fill(words)
    box.press("Enter")
    page.wait_for_url("**/recherche/?q=*")


@pytest.mark.parametrize("width", [320, 390])
def test_a_visitor_on_a_phone_searches_from_the_header(
    browser, live_server, content, assert_accessible, width
):
    context = browser.new_context(
        locale="fr-FR",
        base_url=live_server.url,
        viewport={"width": width, "height": 640},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/agenda/")

    # The menu is folded behind its button; the header stays short.
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 640 / 4, header
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    nav = page.get_by_role("navigation", name="Menu principal")
    expect(nav.get_by_role("link", name="Ressources", exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    search_from_header(page, HIDDEN_WORD)
    result = page.get_by_role("link", name="Étude sur la gestion urbaine")
    expect(result).to_be_visible()
    expect(page.locator(".search-result--resource .search-result__kind")).to_have_text(
        "Ressource · 15 mars 2026"
    )
    expect(page.locator(".search-result__snippet mark")).to_have_text(HIDDEN_WORD)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    search_from_header(page, "printemps des jardins")
    page.get_by_role("link", name="Printemps des jardins partagés").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Printemps des jardins partagés")

    search_from_header(page, "Villeurbanne")
    territory = page.get_by_role("region", name="Le centre qui sert ce territoire")
    expect(territory.get_by_role("link", name="Centre Est")).to_be_visible()
    expect(page.get_by_role("link", name="Centre Ouest")).to_have_count(0)
    assert_accessible(page)
    context.close()


def test_without_javascript_the_menu_is_shown(browser, live_server, db):
    context = browser.new_context(
        locale="fr-FR",
        base_url=live_server.url,
        viewport={"width": 320, "height": 640},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_have_count(0)
    nav = page.get_by_role("navigation", name="Menu principal")
    expect(nav.get_by_role("link", name="Trouver un centre")).to_be_visible()
    expect(page.get_by_label("Rechercher sur tout le site")).to_be_visible()
    context.close()
