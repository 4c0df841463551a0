"""The admin's import of resources with a ZIP of their documents: preview, confirm, all or
nothing, and hostile archives refused with a French message."""

import io
import struct
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crpv.models import PendingImport
from crpv.roles import REFERENTS
from library import archives, documents
from library.models import Resource, ResourceFile

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:library_resource_import")
CONFIRM = reverse("admin:library_resource_process_import")
CHANGELIST = reverse("admin:library_resource_changelist")
HEADER = "identifiant,titre,type,centres,resume,themes,date,licence,lien,fichiers\n"
ROW = 'etude-gup,Étude GUP,étude,labo-cites,La GUP.,,15/03/2026,cc-by,,"etude-gup.pdf, guide.pdf"'


def sheet(*rows):
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def make_zip(members):
    """Return the bytes of a ZIP holding ``members`` ({name: bytes})."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def post(client, content, archive=None):
    data = {"import_file": SimpleUploadedFile("ressources.csv", content)}
    if archive is not None:
        data["attachment"] = SimpleUploadedFile("documents.zip", archive)
    return client.post(IMPORT, data)


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_import_page_offers_the_zip_of_documents(admin_client):
    html = admin_client.get(IMPORT).content.decode()
    assert 'name="attachment"' in html and "Archive ZIP des documents" in html
    assert "100\u00a0Mo au plus" in html


def test_preview_then_confirm_attaches_the_documents_of_the_zip(admin_client, centre, pdf):
    archive = make_zip({"documents/etude-gup.pdf": pdf, "documents/guide.pdf": pdf})
    response = post(admin_client, sheet(ROW), archive)
    html = response.content.decode()
    assert "1 nouveau" in html and "Confirmer l’import" in html
    assert not Resource.objects.exists() and not ResourceFile.objects.exists()
    assert PendingImport.objects.count() == 2  # the table, and the ZIP as it was sent

    token = response.context["confirm_form"].initial["token"]
    response = admin_client.post(CONFIRM, {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    resource = Resource.objects.get(slug="etude-gup")
    files = list(resource.files.order_by("position"))
    assert [f.format for f in files] == ["pdf", "pdf"]
    assert "gestion urbaine" in files[0].text.lower()
    assert not PendingImport.objects.exists()


def test_files_are_found_by_name_whatever_the_case_and_unicode_form(admin_client, centre, pdf):
    row = "etude-gup,Étude GUP,étude,labo-cites,,,15/03/2026,,,Étude.pdf"
    archive = make_zip({unicodedata.normalize("NFD", "dossier/étude.PDF"): pdf})
    response = post(admin_client, sheet(row), archive)
    assert response.context["report"].ok, response.context["report"].errors


def test_naming_files_without_a_zip_is_an_error_of_the_row(admin_client, centre):
    response = post(admin_client, sheet(ROW))
    report = response.context["report"]
    assert not report.ok and "confirm_form" not in response.context
    assert [(e.line, e.column) for e in report.errors] == [(2, "fichiers"), (2, "fichiers")]
    assert "joignez l’archive ZIP" in report.errors[0].message
    assert not PendingImport.objects.exists()


def test_file_missing_from_the_zip_is_an_error_of_its_row(admin_client, centre, pdf):
    response = post(admin_client, sheet(ROW), make_zip({"etude-gup.pdf": pdf}))
    errors = response.context["report"].errors
    assert len(errors) == 1 and errors[0].line == 2
    expected = "«\u00a0guide.pdf\u00a0»\u00a0: ce fichier n’est pas dans l’archive ZIP."
    assert errors[0].message == expected
    assert "Confirmer l’import" not in response.content.decode()


def test_hostile_document_in_the_zip_is_refused_and_nothing_saved(admin_client, centre, pdf):
    archive = make_zip({"etude-gup.pdf": pdf, "guide.pdf": b"<html><script>alert(1)</script>"})
    response = post(admin_client, sheet(ROW), archive)
    errors = response.context["report"].errors
    assert len(errors) == 1 and errors[0].message.startswith("«\u00a0guide.pdf\u00a0»\u00a0: ")
    assert "HTML" in errors[0].message
    assert not Resource.objects.exists() and not PendingImport.objects.exists()


def test_same_name_in_two_folders_is_ambiguous(admin_client, centre, pdf):
    archive = make_zip({"a/etude-gup.pdf": pdf, "b/etude-gup.pdf": pdf, "guide.pdf": pdf})
    errors = post(admin_client, sheet(ROW), archive).context["report"].errors
    assert ["plusieurs fichiers" in e.message for e in errors] == [True]


def form_error(response):
    assert response.status_code == 200 and "report" not in response.context
    return " ".join(response.context["form"].errors["attachment"])


@pytest.mark.parametrize("name", ["../etude-gup.pdf", "/etc/etude-gup.pdf", "C:/etude-gup.pdf"])
def test_zip_naming_a_path_outside_itself_is_refused(admin_client, centre, pdf, name):
    response = post(admin_client, sheet(ROW), make_zip({name: pdf, "guide.pdf": pdf}))
    assert "chemin interdit" in form_error(response)
    assert not PendingImport.objects.exists()


def test_file_that_is_not_a_zip_is_refused(admin_client, centre):
    response = post(admin_client, sheet(ROW), b"<html>pas une archive</html>")
    assert "n’est pas une archive ZIP lisible" in form_error(response)


def test_too_big_zip_is_refused_before_it_is_opened(admin_client, centre, pdf, monkeypatch):
    archive = make_zip({"etude-gup.pdf": pdf})
    monkeypatch.setattr(archives, "MAX_ZIP_BYTES", 100)
    monkeypatch.setattr(archives.zipfile, "ZipFile", None)  # never reached
    response = post(admin_client, sheet(ROW), archive)
    assert "la limite est de" in form_error(response)


def test_too_many_members_refused_from_the_end_record(admin_client, centre, monkeypatch):
    archive = make_zip({f"{n}.pdf": b"x" for n in range(4)})
    monkeypatch.setattr(archives, "MAX_MEMBERS", 3)
    monkeypatch.setattr(archives.zipfile, "ZipFile", None)  # refused before zipfile reads
    assert "trop de fichiers" in form_error(post(admin_client, sheet(ROW), archive))


def test_central_directory_larger_than_announced_members_is_refused(admin_client, monkeypatch):
    # An end record that announces one member but a directory of millions of bytes.
    archive = bytearray(make_zip({"a.pdf": b"x"}))
    at = archive.rfind(b"PK\x05\x06")
    archive[at + 8 : at + 16] = struct.pack("<HHI", 1, 1, 50_000_000)
    assert "trop de fichiers" in form_error(post(admin_client, sheet(ROW), bytes(archive)))


def test_zip_declaring_too_much_in_all_is_refused(admin_client, centre, monkeypatch):
    monkeypatch.setattr(archives, "MAX_UNPACKED_BYTES", 1000)
    archive = make_zip({"etude-gup.pdf": b"0" * 600, "guide.pdf": b"0" * 600})
    assert "plus de 1000\u00a0octets" in form_error(post(admin_client, sheet(ROW), archive))


def test_member_declaring_more_than_the_document_limit_is_refused_unread(
    admin_client, centre, pdf, monkeypatch
):
    monkeypatch.setattr(documents, "MAX_UPLOAD_BYTES", 10_000)
    archive = make_zip({"etude-gup.pdf": pdf, "guide.pdf": b"\0" * 20_000})
    errors = post(admin_client, sheet(ROW), archive).context["report"].errors
    assert len(errors) == 1 and "la limite est de" in errors[0].message


def lying_zip(real_size, declared_size):
    """A ZIP whose member ``guide.pdf`` inflates to ``real_size`` zero bytes but declares
    ``declared_size`` in both its local header and the central directory (a bomb)."""
    archive = bytearray(make_zip({"guide.pdf": b"\0" * real_size}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = archive.find(signature)
        archive[at + offset : at + offset + 4] = struct.pack("<I", declared_size)
    return bytes(archive)


def test_bomb_lying_about_its_size_is_stopped_at_the_declared_size(
    admin_client, centre, monkeypatch
):
    read = []
    original = archives.zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = original(self, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(archives.zipfile.ZipExtFile, "read", counting_read)
    row = "etude-gup,Étude GUP,étude,labo-cites,,,15/03/2026,,,guide.pdf"
    archive = lying_zip(real_size=20_000_000, declared_size=1000)
    assert len(archive) < 100_000
    errors = post(admin_client, sheet(row), archive).context["report"].errors
    assert len(errors) == 1 and "endommagé" in errors[0].message
    assert sum(read) <= 1000  # never inflated past what it declared
    assert not Resource.objects.exists()


def test_password_protected_member_is_refused(admin_client, centre, pdf):
    archive = bytearray(make_zip({"guide.pdf": pdf}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = archive.find(signature)
        archive[at + offset] |= 0x1
    row = "etude-gup,Étude GUP,étude,labo-cites,,,15/03/2026,,,guide.pdf"
    errors = post(admin_client, sheet(row), bytes(archive)).context["report"].errors
    assert len(errors) == 1 and "mot de passe" in errors[0].message


def test_referent_without_import_rights_cannot_open_the_import(client, make_staff, centre):
    client.force_login(make_staff(REFERENTS, centres=[centre]))
    assert client.get(IMPORT).status_code == 403
