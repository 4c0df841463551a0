"""A page holding « [À compléter » cannot be published; the admin index lists such pages."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from pages.models import Page, Status

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_URL}"


def test_a_draft_holding_a_placeholder_cannot_be_published(make_page):
    page = make_page(status=Status.DRAFT, body="<p>[À compléter : hébergeur]</p>")
    page.status = Status.PUBLISHED
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "[À compléter" in error.value.message_dict["status"][0]


def test_a_new_page_holding_a_placeholder_cannot_be_published(make_page):
    with pytest.raises(ValidationError):
        make_page(intro="[À compléter : une phrase]")


def test_a_draft_holding_a_placeholder_can_be_saved(make_page):
    page = make_page(status=Status.DRAFT, body="<p>[À compléter : hébergeur]</p>")
    page.full_clean()


def test_published_page_may_be_saved_while_its_placeholders_get_fewer(make_page):
    page = make_page(status=Status.DRAFT, body="<p>[À compléter : a]</p><p>[À compléter : b]</p>")
    Page.objects.filter(pk=page.pk).update(status=Status.PUBLISHED)  # as the initial texts
    page.refresh_from_db()
    page.body = "<p>OVH, Roubaix</p><p>[À compléter : b]</p>"
    page.full_clean()
    page.body += "<p>[À compléter : c]</p><p>[À compléter : d]</p>"
    with pytest.raises(ValidationError):
        page.full_clean()


def test_admin_form_refuses_to_publish_a_placeholder(client, staff_user):
    client.force_login(staff_user)
    data = {
        "title": "Crédits",
        "slug": "credits",
        "intro": "",
        "body": "<p>[À compléter : photos]</p>",
        "status": Status.PUBLISHED,
        "parent": "",
        "menu_position": "",
        "footer_position": "",
        "meta_description": "",
    }
    response = client.post(f"{ADMIN}/pages/page/add/", data)
    assert response.status_code == 200
    assert "avant de la publier" in response.content.decode()
    assert not Page.objects.filter(slug="credits").exists()


def test_publish_action_skips_pages_holding_a_placeholder(client, staff_user, make_page):
    ready = make_page(status=Status.DRAFT)
    unfinished = make_page(status=Status.DRAFT, body="<p>[À compléter : date]</p>")
    client.force_login(staff_user)
    response = client.post(
        f"{ADMIN}/pages/page/",
        {"action": "publish", "_selected_action": [ready.pk, unfinished.pk]},
        follow=True,
    )
    assert "Non publiées" in response.content.decode()
    ready.refresh_from_db(), unfinished.refresh_from_db()
    assert ready.status == Status.PUBLISHED
    assert unfinished.status == Status.DRAFT


def test_admin_index_lists_published_and_legal_pages_holding_a_placeholder(
    client, staff_user, make_page
):
    make_page(title="Brouillon à finir", status=Status.DRAFT, body="<p>[À compléter : x]</p>")
    client.force_login(staff_user)
    html = client.get(f"{ADMIN}/").content.decode()
    assert "Pages à compléter" in html
    # The initial legal notice is published with its placeholders (pages/migrations/0002).
    assert "Mentions légales" in html
    assert "Brouillon à finir" not in html  # a draft that is no legal page is not urgent


def test_admin_index_shows_no_warning_once_everything_is_filled_in(client, staff_user):
    for page in Page.objects.with_placeholders():
        page.title = page.title.replace("[À compléter", "")
        page.intro = page.intro.replace("[À compléter", "")
        page.body = page.body.replace("[À compléter", "")
        page.save()
    client.force_login(staff_user)
    assert "Pages à compléter" not in client.get(f"{ADMIN}/").content.decode()
