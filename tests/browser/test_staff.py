"""What staff do in the admin: a referent updates their centre; managers restore versions."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from crpv.roles import DIRECTORY_MANAGERS, REFERENTS

ADMIN = f"/{settings.ADMIN_URL}"


@pytest.fixture
def csp_errors(page):
    """Collect the Content-Security-Policy violations Chromium reports in the console."""
    errors = []

    def listen(message):
        if "Content Security Policy" in message.text:
            errors.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    return errors


@pytest.fixture
def check_page(assert_accessible, csp_errors):
    """Return a check of the page: no CSP violation so far, then zero axe violations.

    axe-core's own probes set inline styles, which the policy blocks: the violations it
    causes are forgotten once it has run.
    """

    def check(page):
        assert csp_errors == []
        assert_accessible(page)
        csp_errors.clear()

    return check


def test_referent_updates_their_centre_and_the_site_shows_it(
    page, make_staff, centre, admin_login, check_page, csp_errors
):
    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    admin_login(page, user=referent)
    expect(page.get_by_text("1 centre non vérifié depuis 12\u00a0mois")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Centres de ressources", exact=True).click()
    page.get_by_role("link", name="Labo Cités").click()
    assert page.get_by_label("Identifiant").count() == 0
    check_page(page)
    page.locator("#id_phone").fill("04 72 10 20 30")
    page.get_by_label("Les informations sont à jour").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(centre.get_absolute_url())
    expect(page.get_by_text("04 72 10 20 30").first).to_be_visible()
    expect(page.get_by_text("Informations vérifiées le")).to_be_visible()
    assert csp_errors == []


def test_history_restore_and_recovery_pages_are_accessible(
    page, centre, admin_login, check_page, csp_errors
):
    admin_login(page)
    page.goto(f"{ADMIN}/centres/centre/{centre.pk}/change/")
    page.locator("#id_city").fill("Lyon")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.get_by_role("link", name="Historique").click()
    expect(page.get_by_text(re.compile(r"Ville\u00a0:.*→ Lyon"))).to_be_visible()
    check_page(page)

    # The version before the change (the newest comes first).
    page.locator("#change-history tbody tr").nth(1).get_by_role("link").click()
    expect(page.get_by_role("button", name="Restaurer cette version").first).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Restaurer cette version").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert page.url.endswith(f"/centres/centre/{centre.pk}/change/")
    assert page.locator("#id_city").input_value() == ""

    page.goto(f"{ADMIN}/centres/centre/{centre.pk}/delete/")
    page.get_by_role("button", name=re.compile("Oui")).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.get_by_role("link", name="Centres supprimés").click()
    expect(page.locator("#deleted-list")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Labo Cités").click()
    expect(page.get_by_text("Cet élément a été supprimé")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Restaurer cette version").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(centre.get_absolute_url())
    expect(page.get_by_role("heading", name="Labo Cités")).to_be_visible()
    assert csp_errors == []


def test_page_version_with_the_editor_is_csp_clean(page, admin_login, check_page, csp_errors):
    from pages.models import Page

    edited = Page.objects.create(title="À restaurer", slug="a-restaurer", body="<p>Un</p>")
    edited.body = "<p>Deux</p>"
    edited.save()
    admin_login(page)
    page.goto(f"{ADMIN}/pages/page/{edited.pk}/history/")
    expect(page.locator("#change-history")).to_be_visible()
    check_page(page)
    page.locator("#change-history tbody tr").last.get_by_role("link").click()
    expect(page.get_by_role("textbox", name="Texte")).to_be_visible()
    check_page(page)
    assert csp_errors == []


def test_second_save_of_a_stale_centre_form_is_refused_then_merged(
    browser, live_server, centre, staff_user, make_staff, admin_login
):
    """Two people open the same centre; the second save is refused, then merged and saved."""
    from centres.models import Centre

    colleague = make_staff(DIRECTORY_MANAGERS, username="collegue")
    pages = []
    for user in (staff_user, colleague):
        context = browser.new_context(locale="fr-FR", base_url=live_server.url)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        admin_login(tab, user=user)
        tab.goto(f"{ADMIN}/centres/centre/{centre.pk}/change/")
        pages.append(tab)
    first, second = pages

    first.locator("#id_phone").fill("04 72 10 20 30")
    first.get_by_role("button", name="Enregistrer", exact=True).first.click()
    expect(first.locator(".messagelist .success")).to_be_visible()

    second.locator("#id_city").fill("Villeurbanne")
    second.get_by_role("button", name="Enregistrer", exact=True).first.click()
    errors = second.locator(".errorlist.nonfield")
    expect(errors).to_contain_text("depuis que vous l’avez ouverte")
    expect(errors).to_contain_text("04 72 10 20 30")
    assert Centre.objects.get(pk=centre.pk).city == ""
    expect(second.locator("#id_phone")).to_have_value("04 72 10 20 30")
    expect(second.locator("#id_city")).to_have_value("Villeurbanne")

    second.get_by_role("button", name="Enregistrer", exact=True).first.click()
    expect(second.locator(".messagelist .success")).to_be_visible()
    saved = Centre.objects.get(pk=centre.pk)
    assert (saved.phone, saved.city) == ("+33472102030", "Villeurbanne")
    for tab in pages:
        tab.context.close()


def test_centre_list_buttons_leave_the_title_readable_at_1280_px(
    browser, live_server, staff_user, admin_login, make_centre
):
    make_centre()
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    admin_login(page)
    page.goto(f"{ADMIN}/centres/centre/")
    title = page.locator("#content h1").bounding_box()
    for button in page.locator(".object-tools a").all():
        box = button.bounding_box()
        overlaps = (
            box["x"] < title["x"] + title["width"]
            and title["x"] < box["x"] + box["width"]
            and box["y"] < title["y"] + title["height"]
            and title["y"] < box["y"] + box["height"]
        )
        assert not overlaps, button.inner_text()
    context.close()
