"""The admin's import and export as a person uses them, checked with axe-core."""

from django.conf import settings
from playwright.sync_api import expect

from centres.models import Centre
from tests.centres.test_import_rules import csv_bytes, row

ADMIN = f"/{settings.ADMIN_URL}/centres/centre/"


def test_upload_preview_and_confirm(page, admin_login, assert_accessible, make_centre):
    make_centre(slug="labo-cites", name="Labo Cités", city="Lyon")
    admin_login(page)
    page.goto(ADMIN)
    page.get_by_role("link", name="Importer").click()
    page.wait_for_url(f"**{ADMIN}import/")
    expect(page.get_by_role("heading", name="Colonnes du fichier")).to_be_visible()
    assert_accessible(page)

    content = csv_bytes(
        [
            row(
                identifiant="ville-caraibe",
                nom="Ville Caraïbe",
                departements="972",
                telephone="0596 68 64 52",
            ),
            row(identifiant="labo-cites", nom="Labo Cités", ville="Villeurbanne"),
        ],
        delimiter=";",
        encoding="cp1252",
    )
    page.get_by_label("Fichier à importer").set_input_files(
        {"name": "annuaire.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    preview = page.get_by_role("table", name="Lignes du fichier")
    expect(preview.get_by_role("row", name="Ville Caraïbe").get_by_text("nouveau")).to_be_visible()
    updated = preview.get_by_role("row", name="Labo Cités")
    expect(updated.get_by_text("modifié")).to_be_visible()
    assert updated.locator("ins").inner_text() == "Villeurbanne"
    assert not Centre.objects.filter(slug="ville-caraibe").exists()
    assert_accessible(page)

    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_url(f"**{ADMIN}")
    expect(page.get_by_text("1 centre créé, 1 centre modifié")).to_be_visible()
    assert Centre.objects.get(slug="ville-caraibe").phone == "+596596686452"
    assert Centre.objects.get(slug="labo-cites").city == "Villeurbanne"


def test_preview_with_errors_is_accessible(page, admin_login, assert_accessible):
    admin_login(page)
    page.goto(f"{ADMIN}import/")
    page.get_by_label("Fichier à importer").set_input_files(
        {
            "name": "erreurs.csv",
            "mimeType": "text/csv",
            "buffer": csv_bytes([row(telephone="faux"), row(departements="99")]),
        }
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    errors = page.get_by_role("table", name="Erreurs à corriger")
    assert (
        errors.get_by_role("row").count() == 4
    )  # header, the phone, the département, the duplicate
    assert page.get_by_role("button", name="Confirmer l’import").count() == 0
    assert_accessible(page)
    assert not Centre.objects.exists()


def test_export_page_select_all_and_download(page, admin_login, assert_accessible, centre):
    admin_login(page)
    page.goto(ADMIN)
    page.get_by_role("link", name="Exporter").click()
    page.wait_for_url(f"**{ADMIN}export/**")
    assert_accessible(page)

    select_all = page.get_by_label("Tout sélectionner")
    column = page.get_by_label("Téléphone (telephone)", exact=True)
    assert select_all.is_checked() and column.is_checked()
    select_all.uncheck()
    assert not column.is_checked()
    column.check()
    assert select_all.evaluate("box => box.indeterminate")
    select_all.check()
    assert column.is_checked()

    page.get_by_label("Format du fichier").select_option(label="CSV (virgules, UTF-8)")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Exporter").click()
    download = download_info.value
    assert download.suggested_filename.startswith("annuaire-crpv-")
    with open(download.path(), "rb") as handle:
        assert handle.read().startswith(b"identifiant,nom,")


def test_import_and_export_by_keyboard(page, admin_login):
    admin_login(page)
    page.goto(f"{ADMIN}import/")
    page.get_by_label("Fichier à importer").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.value")
    assert focused == "Vérifier le fichier"
