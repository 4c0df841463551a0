"""Previewing an unpublished centre or a draft page needs the right to change it."""

import pytest

from crpv.roles import CONTENT_EDITORS, DIRECTORY_MANAGERS, REFERENTS
from pages.models import Page, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_centre(make_centre):
    return make_centre(name="Centre en préparation", slug="en-preparation", is_published=False)


@pytest.fixture
def draft_page(db):
    page = Page(title="Page en préparation", slug="en-preparation", status=Status.DRAFT)
    page.save()
    return page


def test_referent_previews_their_own_unpublished_centre(client, make_staff, draft_centre):
    client.force_login(make_staff(REFERENTS, centres=[draft_centre]))
    assert client.get(draft_centre.get_absolute_url()).status_code == 200


def test_referent_of_another_centre_cannot_preview(client, make_staff, centre, draft_centre):
    client.force_login(make_staff(REFERENTS, centres=[centre]))
    assert client.get(draft_centre.get_absolute_url()).status_code == 404


def test_content_editor_cannot_preview_an_unpublished_centre(client, make_staff, draft_centre):
    client.force_login(make_staff(CONTENT_EDITORS))
    assert client.get(draft_centre.get_absolute_url()).status_code == 404


def test_directory_manager_previews_an_unpublished_centre(client, make_staff, draft_centre):
    client.force_login(make_staff(DIRECTORY_MANAGERS))
    response = client.get(draft_centre.get_absolute_url())
    assert response.status_code == 200
    assert "Centre en préparation" in response.content.decode()


def test_content_editor_previews_a_draft_page(client, make_staff, draft_page):
    client.force_login(make_staff(CONTENT_EDITORS))
    assert client.get(draft_page.get_absolute_url()).status_code == 200


def test_staff_without_the_right_to_change_pages_cannot_preview_a_draft(
    client, make_staff, centre, draft_page
):
    for role in (REFERENTS, DIRECTORY_MANAGERS):
        client.force_login(make_staff(role, centres=[centre]))
        assert client.get(draft_page.get_absolute_url()).status_code == 404, role
