"""The admin's import (upload, preview, confirm) and export screens, through Django's client."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre
from centres.resources import COLUMNS
from crpv.models import PendingImport
from crpv.spreadsheets import pending
from crpv.spreadsheets import read as read_module
from crpv.spreadsheets.read import read_table
from tests.centres.test_import_rules import csv_bytes, row

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:centres_centre_import")
CONFIRM = reverse("admin:centres_centre_process_import")
EXPORT = reverse("admin:centres_centre_export")
CHANGELIST = reverse("admin:centres_centre_changelist")
ALL_COLUMNS = {f"centreresource_{column}": "on" for column in COLUMNS}


def upload(client, content, name="annuaire.csv"):
    return client.post(IMPORT, {"import_file": SimpleUploadedFile(name, content)})


def staff_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user("equipe", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_import_page_documents_the_columns(admin_client):
    response = admin_client.get(IMPORT)
    assert response.status_code == 200
    html = response.content.decode()
    for column in COLUMNS:
        assert f"<code>{column}</code>" in html
    assert "5\u00a0Mo au plus" in html
    assert 'style="' not in html.split("<body")[1] and "onclick" not in html


def test_upload_preview_and_confirm(admin_client, make_centre, staff_user):
    make_centre(slug="existant", name="Existant", city="Lyon")
    make_centre(slug="pareil", name="Pareil")
    content = csv_bytes(
        [
            row(identifiant="nouveau", nom="Nouveau"),
            row(identifiant="existant", nom="Existant", ville="Villeurbanne"),
            row(identifiant="pareil", nom="Pareil"),
        ]
    )
    response = upload(admin_client, content)
    html = response.content.decode()
    assert "1 nouveau" in html and "1 modifié" in html and "1 inchangé" in html
    assert "<del>Lyon</del>" in html and "<ins>Villeurbanne</ins>" in html
    assert "Confirmer l’import" in html
    assert not Centre.objects.filter(slug="nouveau").exists()  # a preview saves nothing

    token = response.context["confirm_form"].initial["token"]
    response = admin_client.post(CONFIRM, {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    message = [str(m) for m in response.context["messages"]][0]
    assert message == (
        "Import de «\u00a0annuaire.csv\u00a0» terminé\u00a0: 1 centre créé, "
        "1 centre modifié, 1 centre inchangé."
    )
    assert Centre.objects.get(slug="existant").city == "Villeurbanne"
    assert Centre.objects.filter(slug="nouveau").exists()
    entries = LogEntry.objects.filter(user=staff_user)
    assert {e.object_repr for e in entries} == {"Nouveau", "Existant"}
    # The temporary file is gone: confirming twice imports nothing more.
    response = admin_client.post(CONFIRM, {"token": token}, follow=True)
    assert "n’est plus disponible" in response.content.decode()


def test_errors_are_listed_with_line_column_and_message_and_nothing_is_saved(admin_client):
    content = csv_bytes(
        [row(), row(identifiant="b", departements="99", telephone="faux"), row(nom="Doublon")]
    )
    response = upload(admin_client, content)
    html = response.content.decode()
    assert "rien n’a été" in html
    assert "Confirmer l’import" not in html
    assert "<td>3</td>" in html and "<code>departements</code>" in html
    assert "Code de département inconnu\u00a0: 99." in html
    assert "numéro de téléphone valide" in html
    assert "figure déjà ligne 2 du fichier" in html
    assert len(response.context["report"].errors) == 3
    assert not Centre.objects.exists()


def test_unknown_header_is_reported_with_the_expected_ones(admin_client):
    response = upload(admin_client, csv_bytes([row()], headers=(*COLUMNS, "fax")))
    html = response.content.decode()
    assert "colonnes inconnues\u00a0: fax." in html
    assert "doit nommer ces colonnes\u00a0: identifiant, nom" in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier soumis est vide."),
        (b"%PDF-1.4\n...", "Le fichier est un document PDF, pas un tableau."),
        (b"\x00\x01\x02\x03\xff\xfe\xfd" * 50, "pas un tableau lisible"),
        (b"a" * (5 * 1024 * 1024 + 1), "la limite est de 5\u00a0Mo"),
    ],
)
def test_files_that_cannot_be_read_get_a_clear_message(admin_client, content, message):
    response = upload(admin_client, content, name="annuaire.csv")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Confirmer" not in response.content.decode()


def test_a_forged_or_foreign_confirmation_imports_nothing(admin_client, django_user_model):
    response = admin_client.post(CONFIRM, {"token": "forged"}, follow=True)
    assert "n’est plus disponible" in response.content.decode()
    other = django_user_model.objects.create_superuser("autre", "a@example.org", "x")
    response = upload(admin_client, csv_bytes([row()]))
    token = response.context["confirm_form"].initial["token"]
    admin_client.force_login(other)
    admin_client.post(CONFIRM, {"token": token})
    assert not Centre.objects.exists()
    assert admin_client.get(CONFIRM).status_code == 405


def test_markup_is_escaped_in_the_preview_and_the_change_list(admin_client):
    content = csv_bytes([row(nom="<script>alert(1)</script>")])
    response = upload(admin_client, content)
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    admin_client.post(CONFIRM, {"token": response.context["confirm_form"].initial["token"]})
    html = admin_client.get(CHANGELIST).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_only_staff_with_the_permissions_see_and_use_the_screens(client, django_user_model, centre):
    user = staff_with(django_user_model, "view_centre", "change_centre", "add_centre")
    client.force_login(user)
    html = client.get(CHANGELIST).content.decode()
    assert IMPORT not in html and EXPORT not in html
    assert client.get(IMPORT).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert "export_admin_action" not in html

    user.user_permissions.add(Permission.objects.get(codename="export_centre"))
    user = django_user_model.objects.get(pk=user.pk)  # drop the cached permissions
    client.force_login(user)
    html = client.get(CHANGELIST).content.decode()
    assert EXPORT in html and IMPORT not in html
    assert "Exporter les centres sélectionnés" in html
    assert client.get(EXPORT).status_code == 200

    user.user_permissions.add(Permission.objects.get(codename="import_centre"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(IMPORT).status_code == 200


def test_import_permission_alone_is_not_enough(client, django_user_model):
    client.force_login(staff_with(django_user_model, "import_centre", "view_centre"))
    assert client.get(IMPORT).status_code == 403


def test_export_page_has_a_labelled_select_all_and_no_inline_script(admin_client):
    html = admin_client.get(EXPORT).content.decode()
    assert '<input type="checkbox" id="export-select-all" checked>' in html
    assert '<label for="export-select-all">Tout sélectionner</label>' in html
    body = html.split("<body")[1]
    assert "onchange" not in body and 'style="' not in body
    assert "CSV pour Excel" in html and "Excel (XLSX)" in html and "JSON" in html
    assert "LibreOffice (ODS)" in html


def test_export_as_ods_and_import_it_back_through_the_admin(admin_client, make_centre):
    make_centre(name="Ville Caraïbe", slug="caraibe", departements=("972",))
    response = admin_client.post(EXPORT, {"format": "3", "resource": "0", **ALL_COLUMNS})
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"].endswith('.ods"')
    html = upload(admin_client, response.content, name="annuaire.ods").content.decode()
    assert "1 inchangé" in html and "erreur" not in html


def test_export_whole_directory_as_csv_for_excel(admin_client, make_centre):
    make_centre(name="Ville Caraïbe", slug="caraibe", departements=("972",))
    make_centre(name="Labo Cités", slug="labo")
    response = admin_client.post(EXPORT, {"format": "0", "resource": "0", **ALL_COLUMNS})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="annuaire-crpv-')
    assert response.content.startswith(b"\xef\xbb\xbfidentifiant;nom;")
    assert len(read_table(response.content)) == 2


def test_export_follows_the_change_list_filters(admin_client, make_centre):
    make_centre(name="Ville Caraïbe", slug="caraibe", departements=("972",))
    make_centre(name="Labo Cités", slug="labo")
    response = admin_client.post(
        EXPORT + "?outre_mer=oui", {"format": "4", "resource": "0", **ALL_COLUMNS}
    )
    assert response["Content-Type"] == "application/json"
    assert [item["identifiant"] for item in response.json()] == ["caraibe"]


def test_export_of_the_selection(admin_client, make_centre):
    chosen = make_centre(name="Choisi")
    make_centre(name="Autre")
    response = admin_client.post(
        CHANGELIST, {"action": "export_admin_action", "_selected_action": [chosen.pk]}
    )
    html = response.content.decode()
    assert "Exporter 1 élément sélectionné." in html
    assert '<label for="export-select-all">' in html
    response = admin_client.post(
        EXPORT,
        {"format": "1", "resource": "0", "export_items": [chosen.pk], **ALL_COLUMNS},
    )
    table = read_table(response.content)
    assert [cells[1] for _n, cells in table.rows] == ["Choisi"]


# The file between preview and confirmation: in the database, not on the server's disk


def test_the_previewed_file_waits_in_the_database_not_on_disk(admin_client, monkeypatch, tmp_path):
    # Any write to the temporary folder would land here.
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    content = csv_bytes([row(identifiant="nouveau", nom="Nouveau")])
    response = upload(admin_client, content)
    assert list(tmp_path.iterdir()) == []
    table, _versions = pending.decode(bytes(PendingImport.objects.get().content))
    assert table == read_table(content)

    # The confirmation may reach another app server: all it needs is the database.
    token = response.context["confirm_form"].initial["token"]
    admin_client.post(CONFIRM, {"token": token})
    assert Centre.objects.filter(slug="nouveau").exists()
    assert not PendingImport.objects.exists()  # removed once imported


def test_previews_never_confirmed_are_removed_once_expired(admin_client):
    old = PendingImport.objects.create(name="ancien", content=b"x")
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - pending.MAX_AGE - datetime.timedelta(minutes=1)
    )
    recent = PendingImport.objects.create(name="recent", content=b"x")
    upload(admin_client, csv_bytes([row(identifiant="nouveau", nom="Nouveau")]))
    names = set(PendingImport.objects.values_list("name", flat=True))
    assert "ancien" not in names and recent.name in names and len(names) == 2


def test_a_confirmation_whose_file_is_gone_says_so(admin_client):
    response = upload(admin_client, csv_bytes([row(identifiant="nouveau", nom="Nouveau")]))
    PendingImport.objects.all().delete()
    token = response.context["confirm_form"].initial["token"]
    response = admin_client.post(CONFIRM, {"token": token}, follow=True)
    message = [str(m) for m in response.context["messages"]][0]
    assert message == "Le fichier à importer n’est plus disponible\u00a0: choisissez-le de nouveau."
    assert not Centre.objects.filter(slug="nouveau").exists()


def test_csv_and_csv_for_excel_files_get_distinct_dated_names(admin_client, make_centre):
    from django.utils import timezone

    make_centre()
    today = timezone.localdate().isoformat()
    names = {
        fmt: admin_client.post(EXPORT, {"format": fmt, "resource": "0", **ALL_COLUMNS})[
            "Content-Disposition"
        ]
        for fmt in ("0", "1")
    }
    assert names["0"] == f'attachment; filename="annuaire-crpv-{today}-excel.csv"'
    assert names["1"] == f'attachment; filename="annuaire-crpv-{today}.csv"'


def test_the_confirmation_does_not_parse_the_file_again(admin_client, make_centre, monkeypatch):
    make_centre(slug="existant", name="Existant", city="Lyon")
    book = openpyxl.Workbook()
    book.active.append(COLUMNS)
    for cells in (
        row(identifiant="nouveau", nom="Nouveau"),
        row(identifiant="existant", nom="Existant", ville="Villeurbanne"),
    ):
        book.active.append([cells.get(column, "") for column in COLUMNS])
    # A date cell waits as a date.
    book.active.cell(2, COLUMNS.index("verifie_le") + 1, datetime.date(2026, 5, 3))
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(admin_client, buffer.getvalue(), "annuaire.xlsx")
    assert response.context["report"].ok

    reads = []
    original = read_module._read_workbook
    monkeypatch.setattr(read_module, "_read_workbook", lambda c: reads.append(c) or original(c))
    token = response.context["confirm_form"].initial["token"]
    response = admin_client.post(CONFIRM, {"token": token})
    assert response.status_code == 302
    assert reads == []
    assert Centre.objects.get(slug="existant").city == "Villeurbanne"
    assert Centre.objects.get(slug="nouveau").verified_on == datetime.date(2026, 5, 3)


def test_an_entry_of_another_form_is_treated_as_expired(admin_client):
    response = upload(admin_client, csv_bytes([row(identifiant="nouveau", nom="Nouveau")]))
    PendingImport.objects.update(content=b"identifiant,nom\r\nnouveau,Nouveau\r\n")
    token = response.context["confirm_form"].initial["token"]
    response = admin_client.post(CONFIRM, {"token": token}, follow=True)
    message = [str(m) for m in response.context["messages"]][0]
    assert message == "Le fichier à importer n’est plus disponible\u00a0: choisissez-le de nouveau."
    assert not Centre.objects.filter(slug="nouveau").exists()


# A centre edited between the preview and the confirmation (issue 14, « Edits »)


def preview(client, *rows):
    response = upload(client, csv_bytes(list(rows)))
    assert response.context["report"].ok
    return response.context["confirm_form"].initial["token"]


def confirm(client, token):
    return client.post(CONFIRM, {"token": token}, follow=True)


def test_a_centre_edited_since_the_preview_is_not_overwritten(admin_client, make_centre):
    make_centre(slug="labo-cites", name="Labo Cités", city="Lyon")
    make_centre(slug="autre", name="Autre", city="Paris")
    token = preview(
        admin_client,
        row(identifiant="labo-cites", nom="Labo Cités", ville="Villeurbanne"),
        row(identifiant="autre", nom="Autre", ville="Paris"),
        row(identifiant="nouveau", nom="Nouveau"),
    )
    # Someone else saves the centre in its change form meanwhile.
    edited = Centre.objects.get(slug="labo-cites")
    edited.city = "Vénissieux"
    edited.save()

    response = confirm(admin_client, token)
    html = response.content.decode()
    assert "Rien n’a été enregistré." in [str(m) for m in response.context["messages"]]
    assert "le centre «\u00a0Labo Cités\u00a0» (labo-cites) a changé depuis l’aperçu" in html
    assert "Choisissez de nouveau le fichier pour en voir un nouvel aperçu." in html
    assert "Des données du fichier ont changé depuis l’aperçu" in html
    assert "Corrigez le fichier" not in html  # the file is not wrong
    assert "«\u00a0Autre\u00a0»" not in html  # unchanged since: not named
    assert Centre.objects.get(slug="labo-cites").city == "Vénissieux"
    assert not Centre.objects.filter(slug="nouveau").exists()  # all or nothing

    # A new preview shows the edit, and then imports.
    token = preview(admin_client, row(identifiant="labo-cites", nom="Labo Cités", ville="Bron"))
    confirm(admin_client, token)
    assert Centre.objects.get(slug="labo-cites").city == "Bron"


def test_centres_created_or_deleted_since_the_preview_are_named(admin_client, make_centre):
    make_centre(slug="supprime", name="Supprimé")
    token = preview(
        admin_client,
        row(identifiant="supprime", nom="Supprimé", ville="Lyon"),
        row(identifiant="nouveau", nom="Nouveau"),
    )
    Centre.objects.filter(slug="supprime").delete()
    make_centre(slug="nouveau", name="Nouveau d’ailleurs")

    html = confirm(admin_client, token).content.decode()
    assert (
        "les centres «\u00a0Supprimé\u00a0» (supprime), «\u00a0Nouveau\u00a0» (nouveau) ont "
        "changé depuis l’aperçu" in html
    )
    assert not Centre.objects.filter(slug="supprime").exists()
    assert Centre.objects.get(slug="nouveau").name == "Nouveau d’ailleurs"


def test_an_unchanged_row_whose_centre_was_edited_since_is_refused_too(admin_client, make_centre):
    centre = make_centre(slug="pareil", name="Pareil", city="Lyon")
    token = preview(
        admin_client,
        row(identifiant="pareil", nom="Pareil", ville="Lyon"),
        row(identifiant="nouveau", nom="Nouveau"),
    )
    centre.city = "Bron"
    centre.save()
    html = confirm(admin_client, token).content.decode()
    assert "(pareil) a changé depuis l’aperçu" in html
    assert Centre.objects.get(slug="pareil").city == "Bron"  # the file's Lyon not restored
