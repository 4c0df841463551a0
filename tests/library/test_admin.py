"""The library's admin: référents file their centres' resources only; files are checked by
documents.inspect on upload, a refused one saves nothing; notes are shown to staff."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from crpv.roles import CONTENT_EDITORS
from library import documents
from library.models import Resource, ResourceFile, ResourceType

pytestmark = pytest.mark.django_db

RESOURCES = f"/{settings.ADMIN_URL}/library/resource/"


def form_data(centres, files=(), **changes):
    data = {
        "title": "Étude sur la gestion urbaine de proximité",
        "slug": "etude-gup",
        "is_published": "on",
        "resource_type": ResourceType.objects.get(slug="etude").pk,
        "summary": "Ce que la GUP change dans les quartiers.",
        "centres": [c.pk for c in centres],
        "authors": "Marie Dupont, Ali Ben",
        "partners": "",
        "published_on": "15/03/2026",
        "licence": "cc-by",
        "language": "fr",
        "event": "",
        "external_url": "",
        "files-TOTAL_FORMS": str(len(files)),
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
    }
    for n, upload in enumerate(files):
        data.update(
            {
                f"files-{n}-file": upload,
                f"files-{n}-name": "",
                f"files-{n}-label": "",
                f"files-{n}-position": str(n),
            }
        )
    data.update(changes)
    return data


def upload(content, name="etude.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_referent_files_a_resource_of_their_centre_with_a_pdf(client, referent, centre, pdf):
    client.force_login(referent)
    response = client.post(f"{RESOURCES}add/", form_data([centre], files=[upload(pdf)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(slug="etude-gup")
    assert list(resource.centres.all()) == [centre]
    resource_file = resource.files.get()
    assert resource_file.format == "pdf"
    assert resource_file.mime_type == "application/pdf"
    assert resource_file.size == len(pdf)
    assert resource_file.name == "etude.pdf"
    assert list(resource.facets.filter(name="format").values_list("value", flat=True)) == ["pdf"]
    version = resource.history.latest()
    assert version.history_user == referent
    assert list(version.centres.values_list("centre_id", flat=True)) == [centre.pk]


def test_refused_file_shows_the_french_message_and_saves_nothing(client, referent, centre):
    client.force_login(referent)
    hostile = upload(b"<html><script>alert(1)</script></html>", name="etude.pdf")
    response = client.post(f"{RESOURCES}add/", form_data([centre], files=[hostile]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "n’est pas d’un format accepté" in html or "refus" in html.lower()
    assert not Resource.objects.exists()
    assert not ResourceFile.objects.exists()


def test_refused_file_message_is_the_one_of_inspect(client, referent, centre, monkeypatch):
    def refuse(file):
        raise documents.DocumentRefused("Ce PDF demande un mot de passe\u00a0: envoyez-le sans.")

    monkeypatch.setattr(documents, "inspect", refuse)
    client.force_login(referent)
    response = client.post(f"{RESOURCES}add/", form_data([centre], files=[upload(b"%PDF-1.7")]))
    assert response.status_code == 200
    assert "Ce PDF demande un mot de passe\u00a0: envoyez-le sans." in response.content.decode()
    assert not Resource.objects.exists()


def test_too_big_file_is_refused_before_it_is_read(client, referent, centre, monkeypatch):
    monkeypatch.setattr(documents, "MAX_UPLOAD_BYTES", 10)
    client.force_login(referent)
    response = client.post(f"{RESOURCES}add/", form_data([centre], files=[upload(b"%PDF-" * 10)]))
    assert response.status_code == 200
    assert "la limite est de" in response.content.decode()
    assert not Resource.objects.exists()


def test_referent_cannot_name_another_centre(client, referent, other):
    client.force_login(referent)
    response = client.post(f"{RESOURCES}add/", form_data([other]))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Resource.objects.exists()


def test_referent_must_name_one_of_their_centres(client, referent):
    client.force_login(referent)
    response = client.post(f"{RESOURCES}add/", form_data([], is_national="on"))
    assert response.status_code == 200
    assert "Choisissez au moins un de vos centres." in response.content.decode()
    assert not Resource.objects.exists()


def test_editor_files_a_national_resource_without_centre(client, make_staff):
    client.force_login(make_staff(CONTENT_EDITORS))
    response = client.post(f"{RESOURCES}add/", form_data([], is_national="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Resource.objects.get().is_national


def test_resource_needs_a_centre_or_the_network(client, make_staff):
    client.force_login(make_staff(CONTENT_EDITORS))
    response = client.post(f"{RESOURCES}add/", form_data([]))
    assert "ou cochez «\u00a0réseau national\u00a0»" in response.content.decode() or (
        "ou cochez « réseau national »" in response.content.decode()
    )
    assert not Resource.objects.exists()


def test_referent_sees_and_opens_only_their_centres_resources(
    client, referent, make_resource, other
):
    own = make_resource(title="Notre étude")
    theirs = make_resource(title="Leur étude", centres=[other])
    client.force_login(referent)
    html = client.get(RESOURCES).content.decode()
    assert "Notre étude" in html and "Leur étude" not in html
    for suffix in ("change/", "history/", "delete/"):
        assert client.get(f"{RESOURCES}{theirs.pk}/{suffix}").status_code in (403, 404), suffix
    assert client.get(f"{RESOURCES}{own.pk}/change/").status_code == 200
    response = client.post(f"{RESOURCES}{theirs.pk}/change/", form_data([other], slug=theirs.slug))
    assert response.status_code in (403, 404)
    theirs.refresh_from_db()
    assert theirs.title == "Leur étude"


def test_referent_editing_keeps_the_co_producer_they_cannot_choose(
    client, referent, make_resource, centre, other
):
    resource = make_resource(centres=[centre, other])
    client.force_login(referent)
    data = form_data([centre], slug=resource.slug, title="Titre revu")
    response = client.post(f"{RESOURCES}{resource.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    resource.refresh_from_db()
    assert resource.title == "Titre revu"
    assert set(resource.centres.all()) == {centre, other}


def test_staff_see_the_notes_of_a_file(client, staff_user, make_resource, pdf):
    resource = make_resource(files=[("scan.pdf", pdf, "")])
    resource.files.update(notes="document image\u00a0: pas de texte cherchable", pages=3)
    client.force_login(staff_user)
    html = client.get(f"{RESOURCES}{resource.pk}/change/").content.decode()
    assert "document image\u00a0: pas de texte cherchable" in html
    assert "3\u00a0pages" in html


def test_export_in_the_admin_uses_the_french_headers(client, staff_user, make_resource, pdf):
    make_resource(files=[("etude.pdf", pdf, "")])
    client.force_login(staff_user)
    response = client.post(
        f"{RESOURCES}export/",
        {
            "format": "0",
            "resource": "0",
            **{
                f"resourceresource_{c}": "on"
                for c in (
                    "identifiant",
                    "titre",
                    "type",
                    "centres",
                    "resume",
                    "themes",
                    "date",
                    "licence",
                    "lien",
                )
            },
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    headers = first_line.replace(";", ",").split(",")
    assert headers == [
        *"identifiant titre type centres resume themes date licence lien".split(),
        "fichiers",
    ]


def test_communes_are_named_by_their_insee_codes(client, staff_user, centre):
    from centres.models import Commune

    lyon = Commune.objects.get(code="69123")
    client.force_login(staff_user)
    response = client.post(f"{RESOURCES}add/", form_data([centre], communes="69123"))
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get()
    assert list(resource.communes.all()) == [lyon]
    html = client.get(f"{RESOURCES}{resource.pk}/change/").content.decode()
    assert 'value="69123"' in html
    response = client.post(f"{RESOURCES}add/", form_data([centre], slug="autre", communes="99999"))
    assert "Code de commune inconnu\u00a0: 99999." in response.content.decode()
