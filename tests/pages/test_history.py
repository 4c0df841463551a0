"""Pages and the home page keep their history: restore a version, recover a deleted page."""

import pytest
from django.conf import settings

from pages.models import HomePage, Page
from tests.centres.test_history import form_values

pytestmark = pytest.mark.django_db

PAGES = f"/{settings.ADMIN_URL}/pages/page/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def save(client, url, **changes):
    data = form_values(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302
    return response


def test_page_change_is_recorded_and_restores(staff_client, make_page, staff_user):
    page = make_page(title="Le réseau", body="<p>Premier texte</p>")
    first = page.history.latest()
    save(staff_client, f"{PAGES}{page.pk}/change/", body="<p>Second texte</p>")
    latest = page.history.latest()
    assert latest.history_user == staff_user
    assert latest.diff_against(first).changed_fields == ["body"]
    html = staff_client.get(f"{PAGES}{page.pk}/history/").content.decode()
    assert "Premier texte" in html and "Second texte" in html

    url = f"{PAGES}{page.pk}/history/{first.pk}/"
    response = staff_client.get(url)
    assert response.status_code == 200
    staff_client.post(url, form_values(response))
    page.refresh_from_db()
    assert page.body == "<p>Premier texte</p>"


def test_recover_a_deleted_page(staff_client, make_page):
    page = make_page(title="À retrouver", slug="a-retrouver")
    pk = page.pk
    staff_client.post(f"{PAGES}{pk}/delete/", {"post": "yes"})
    assert not Page.objects.filter(pk=pk).exists()
    listing = staff_client.get(f"{PAGES}supprimes/")
    assert "Pages supprimées" in listing.content.decode()
    url = listing.context["rows"][0][1]
    staff_client.post(url, form_values(staff_client.get(url)))
    assert Page.objects.get(pk=pk).slug == "a-retrouver"


def test_home_page_history(staff_client):
    home = HomePage.objects.get()
    home.title = "Accueil du réseau"
    home.save()
    response = staff_client.get(f"/{settings.ADMIN_URL}/pages/homepage/{home.pk}/history/")
    assert response.status_code == 200
    assert "Accueil du réseau" in response.content.decode()
