"""The library in a browser: a référent files a PDF and publishes it, then a visitor finds it
in the catalogue by a word that appears only inside the PDF, and downloads it."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from crpv.roles import REFERENTS
from tests.library.files import make_pdf

ADMIN = f"/{settings.ADMIN_URL}"
# A word in the PDF's text only: not in the title, the summary nor the file's name.
HIDDEN_WORD = "zythogrammes"


@pytest.fixture
def types(transactional_db):
    """The types the data migration seeds (a previous live-server test flushed them)."""
    from library.models import ResourceType

    ResourceType.objects.get_or_create(
        slug="etude", defaults={"name": "Étude", "download_label": "l’étude"}
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_referent_publishes_a_pdf_and_a_visitor_finds_it_by_its_text(
    browser, live_server, page, make_staff, centre, admin_login, assert_accessible, types, media
):
    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    admin_login(page, user=referent)
    page.goto(f"{ADMIN}/library/resource/add/")
    page.locator("#id_title").fill("Étude sur la gestion urbaine de proximité")
    page.locator("#id_slug").fill("etude-gup")
    page.locator("#id_is_published").check()
    page.get_by_label("Type").select_option(label="Étude")
    page.get_by_label("Labo Cités").check()
    page.locator("#id_published_on").fill("15/03/2026")
    page.locator("#id_files-0-file").set_input_files(
        files=[
            {
                "name": "etude-gup.pdf",
                "mimeType": "application/pdf",
                "buffer": make_pdf(f"Les {HIDDEN_WORD} des quartiers"),
            }
        ]
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    visitor = browser.new_context(locale="fr-FR", base_url=live_server.url)
    tab = visitor.new_page()
    tab.goto("/ressources/")
    tab.get_by_label("Chercher dans les ressources").fill(HIDDEN_WORD)
    tab.get_by_role("button", name="Chercher").click()
    expect(tab.locator(".results__count")).to_contain_text("1 ressource")
    tab.get_by_role("link", name="Étude sur la gestion urbaine de proximité").click()
    assert_accessible(tab)
    link = tab.get_by_role("link", name="Télécharger l’étude (PDF")
    expect(link).to_be_visible()
    with tab.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "etude-gup.pdf"
    visitor.close()
