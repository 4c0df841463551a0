from django.conf import settings
from playwright.sync_api import expect


def test_portal_home_opens_in_chromium(page, make_centre, assert_accessible):
    make_centre(name="Ville Caraïbe", departements=("972",))
    page.goto("/")
    assert page.locator("h1").inner_text()
    page.get_by_role("link", name="Voir tous les centres").click()
    page.wait_for_url("**/centres/")
    expect(page.get_by_role("link", name="Ville Caraïbe", exact=True)).to_be_visible()
    assert_accessible(page)


def test_admin_login_page_opens_and_accepts_staff(page, admin_login):
    page.goto(f"/{settings.ADMIN_URL}/login/")
    expect(page.get_by_label("Mot de passe")).to_be_visible()
    admin_login(page)
    expect(page.get_by_role("link", name="Centres de ressources").first).to_be_visible()


def test_skip_link_is_the_first_stop_for_the_keyboard(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
