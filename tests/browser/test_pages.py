"""What a person does with the network's pages: read them, find their way, edit them."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from pages.models import Page


@pytest.fixture
def network_pages():
    """A small site: two menu pages (one with a sub-page) and a legal page in the footer."""
    # The first live-server test still sees the data migration's pages; later ones don't.
    Page.objects.filter(parent__isnull=False).delete()
    Page.objects.all().delete()
    network = Page.objects.create(
        title="Le réseau national",
        slug="le-reseau",
        intro="Un réseau animé avec l’ANCT.",
        body="<h2>Ce que le réseau permet</h2><ul><li>mettre des outils en commun</li></ul>"
        '<blockquote><p>Une citation.</p></blockquote><p><a href="https://anct.gouv.fr">ANCT</a>'
        "</p>",
        status="published",
        menu_position=2,
    )
    centres = Page.objects.create(
        title="Les centres de ressources",
        slug="les-centres-de-ressources",
        body="<p>Des lieux de rencontre.</p>",
        status="published",
        menu_position=1,
    )
    Page.objects.create(
        title="Question de Ville",
        slug="question-de-ville",
        parent=network,
        body="<p>L’association des directeurs.</p>",
        status="published",
    )
    Page.objects.create(
        title="Mentions légales",
        slug="mentions-legales",
        body="<p>[À compléter : éditeur]</p>",
        status="published",
        footer_position=1,
    )
    return {"network": network, "centres": centres}


def test_home_page_is_accessible(page, make_centre, network_pages, assert_accessible):
    make_centre(departements=("972",))
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_label("Trouver mon centre")).to_be_visible()
    assert_accessible(page)


def test_content_page_is_accessible(page, network_pages, assert_accessible):
    page.goto("/le-reseau/question-de-ville/")
    breadcrumbs = page.get_by_role("navigation", name="Fil d’Ariane")
    expect(breadcrumbs.get_by_role("link", name="Le réseau national")).to_be_visible()
    assert_accessible(page)
    page.goto("/le-reseau/")
    assert_accessible(page)


def test_phone_home_fits_the_screen(phone_page, network_pages, assert_accessible):
    phone_page.goto("/")
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    expect(phone_page.get_by_role("link", name="Le réseau national").first).to_be_visible()
    assert_accessible(phone_page)


def test_keyboard_reaches_content_and_menu(page, network_pages):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    page.goto("/")
    labels = []
    for _ in range(10):  # skip link, site name, the search box and its button, then the menu
        page.keyboard.press("Tab")
        labels.append(page.evaluate("document.activeElement.textContent").strip())
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", labels[-1]  # the focus is visible
    assert labels[-6:] == [
        "Trouver un centre",
        "Agenda",
        "Ressources",
        "Actualités",
        "Les centres de ressources",
        "Le réseau national",
    ]
    page.keyboard.press("Enter")
    page.wait_for_url("**/le-reseau/")
    current = page.get_by_role("navigation", name="Menu principal").locator("[aria-current=page]")
    assert current.inner_text() == "Le réseau national"


def test_staff_edits_a_page_in_the_admin_and_sees_it_on_the_site(
    page, network_pages, admin_login, assert_accessible
):
    admin_login(page)
    network = network_pages["network"]
    page.goto(f"/{settings.ADMIN_URL}/pages/page/{network.pk}/change/")
    assert_accessible(page)

    page.get_by_role("textbox", name="Titre").fill("Le réseau des centres")
    editor = page.get_by_role("textbox", name="Texte")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type("Un texte ")
    page.get_by_role("button", name="Gras").click()
    page.keyboard.type("important")
    page.get_by_role("button", name="Gras").click()
    page.keyboard.type(" : à lire.")
    page.get_by_role("button", name="Enregistrer", exact=True).last.click()
    page.wait_for_url(f"**/{settings.ADMIN_URL}/pages/page/")

    page.goto(f"/{settings.ADMIN_URL}/pages/page/{network.pk}/change/")
    page.get_by_role("link", name="Voir sur le site").click()
    page.wait_for_url("**/le-reseau/")
    assert page.get_by_role("heading", level=1).inner_text() == "Le réseau des centres"
    body = page.locator(".rich-text")
    assert body.locator("strong").inner_text() == "important"
    assert "Un texte important\u00a0: à lire." in body.inner_text()
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Le réseau des centres")).to_be_visible()


def test_editor_toolbar_is_one_named_toolbar_with_pressed_states_and_arrow_keys(
    page, network_pages, admin_login, assert_accessible
):
    admin_login(page)
    page.goto(f"/{settings.ADMIN_URL}/pages/page/{network_pages['network'].pk}/change/")
    toolbar = page.get_by_role("toolbar", name="Mise en forme du texte")
    expect(toolbar).to_be_visible()
    bold = toolbar.get_by_role("button", name="Gras")
    expect(bold).to_have_attribute("aria-pressed", "false")
    # Icons keep the icon font's names: French words there would draw broken glyphs.
    expect(toolbar.get_by_role("button", name="Annuler")).to_have_text("undo")
    expect(toolbar.get_by_role("button", name="Rétablir")).to_have_text("redo")
    names = toolbar.locator(".prose-menubar__button:not(.hidden)").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))"
    )
    assert len(names) == len(set(names)), names
    assert toolbar.locator('[tabindex="0"]').count() == 1  # one tab stop

    page.get_by_role("textbox", name="Texte").click()
    bold.click()
    expect(bold).to_have_attribute("aria-pressed", "true")
    bold.focus()
    page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Italique")).to_be_focused()
    page.keyboard.press("Home")
    expect(toolbar.locator(".prose-menubar__button").first).to_be_focused()
    assert_accessible(page)


def test_site_map_and_contact_from_the_footer_by_keyboard_on_a_320_px_screen(
    browser, live_server, network_pages, assert_accessible
):
    Page.objects.create(
        title="Contact",
        slug="contact",
        body="<p>Écrivez à l’équipe nationale.</p>",
        status="published",
        footer_position=3,
    )
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    tab = context.new_page()
    tab.goto("/")
    footer = tab.get_by_role("navigation", name="Pied de page")
    footer.get_by_role("link", name="Plan du site").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/plan-du-site/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Plan du site")
    site_map = tab.get_by_role("main")
    expect(site_map.get_by_role("link", name="Question de Ville")).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(tab)
    site_map.get_by_role("link", name="Contact").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/contact/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Contact")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(tab)
    context.close()
