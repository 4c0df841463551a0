"""The news in a browser: a référent publishes an item with an image, a visitor sees it on
the centre's page and reads it; the pages fit a 320 px screen."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from crpv.roles import REFERENTS
from tests.news.conftest import image_file

ADMIN = f"/{settings.ADMIN_URL}"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_referent_publishes_news_and_a_visitor_sees_it_on_the_centre_page(
    browser, live_server, page, make_staff, centre, admin_login, assert_accessible, tmp_path
):
    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    photo = tmp_path / "reunion.jpg"
    photo.write_bytes(image_file().read())
    admin_login(page, user=referent)
    page.goto(f"{ADMIN}/news/newsitem/add/")
    page.locator("#id_title").fill("Appel à projets : quartiers d’été")
    page.locator("#id_title").press("Tab")
    # The address is filled from the title by the admin's script.
    expect(page.locator("#id_slug")).to_have_value("appel-a-projets-quartiers-dete")
    page.get_by_label("Labo Cités").check()
    page.locator("#id_is_published").check()
    page.locator("#id_summary").fill("Les dossiers sont ouverts jusqu’au 15 mai.")
    page.locator("#id_image").set_input_files(str(photo))
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    # Without its alternative text, the image is refused in French.
    expect(page.get_by_text("Décrivez l’image pour qui ne la voit pas")).to_be_visible()
    page.locator("#id_image").set_input_files(str(photo))
    page.locator("#id_image_alt").fill("Des habitants réunis dans une salle.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    visitor = browser.new_context(locale="fr-FR", base_url=live_server.url)
    tab = visitor.new_page()
    tab.goto(centre.get_absolute_url())
    section = tab.get_by_role("region", name="Actualités du centre")
    link = section.get_by_role("link", name="Appel à projets\u00a0: quartiers d’été")
    expect(link).to_be_visible()
    assert_accessible(tab)
    link.click()
    tab.wait_for_url("**/actualites/appel-a-projets-quartiers-dete/")
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        "Appel à projets\u00a0: quartiers d’été"
    )
    image = tab.locator(".news-article__image")
    assert image.get_attribute("alt") == "Des habitants réunis dans une salle."
    assert image.get_attribute("src").endswith("-1200.jpg")
    assert image.get_attribute("width") == "1200"
    expect(tab.get_by_role("link", name="Labo Cités")).to_be_visible()
    assert_accessible(tab)

    tab.goto("/actualites/")
    expect(tab.get_by_role("link", name="Suivre (RSS)")).to_be_visible()
    feed = tab.request.get("/actualites/flux.rss?centre=labo-cites")
    assert "Appel à projets\u00a0: quartiers d’été" in feed.text()
    visitor.close()


def test_news_list_and_item_fit_a_320_px_screen(browser, live_server, centre):
    from news.models import NewsItem

    item = NewsItem.objects.create(
        title="Une actualité au titre assez long pour passer sur plusieurs lignes d’un téléphone",
        slug="titre-long",
        summary="Un chapô.",
        image=image_file(),
        image_alt="Un quartier.",
        is_published=True,
    )
    item.centres.set([centre])
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    tab = context.new_page()
    for url in ("/actualites/", item.get_absolute_url()):
        tab.goto(url)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, url
    context.close()


def test_referent_links_another_centres_event_through_the_autocomplete(
    page, make_staff, make_centre, centre, make_event, admin_login
):
    from events.models import EventType
    from news.models import NewsItem

    # A live-server test before may have flushed the data migration's types.
    EventType.objects.get_or_create(slug="seminaire", defaults={"name": "Séminaire"})
    neighbour = make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))
    make_event(title="Forum des quartiers", centres=[neighbour])
    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    admin_login(page, user=referent)
    page.goto(f"{ADMIN}/news/newsitem/add/")
    page.locator("#id_title").fill("Retour sur le forum")
    page.get_by_label("Labo Cités").check()
    # The related events are searched as one types (select2), named after their label.
    page.get_by_role("searchbox", name="Événements liés").fill("Forum")
    page.get_by_role("option", name="Forum des quartiers").click()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    item = NewsItem.objects.get(slug="retour-sur-le-forum")
    assert [event.title for event in item.events.all()] == ["Forum des quartiers"]
