import pytest
from django.conf import settings

from pages.models import HomePage, Page, Status

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_URL}"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def page_form(**overrides):
    data = {
        "title": "Nouvelle page",
        "slug": "nouvelle-page",
        "intro": "",
        "body": "<p>Texte</p>",
        "status": Status.PUBLISHED,
        "parent": "",
        "menu_position": "",
        "footer_position": "",
        "meta_description": "",
    }
    data.update(overrides)
    return data


def test_change_form_is_in_french_with_the_editor(staff_client):
    page = Page.objects.get(slug="le-reseau")
    response = staff_client.get(f"{ADMIN}/pages/page/{page.pk}/change/")
    content = response.content.decode()
    assert response.status_code == 200
    for label in ("Titre", "Introduction", "Texte", "Statut", "Position dans le menu"):
        assert label in content
    assert "data-django-prose-editor-configurable" in content
    assert "/jsi18n/editeur/" in content
    assert f'href="{page.get_absolute_url()}"' in content  # « Voir sur le site »
    assert "Voir sur le site" in content


def test_admin_save_cleans_pasted_html(staff_client):
    response = staff_client.post(
        f"{ADMIN}/pages/page/add/",
        page_form(
            body='<p style="color:red" onclick="alert(1)">Collé</p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">piège</a><a href="https://anct.gouv.fr">ANCT</a>'
        ),
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="nouvelle-page")
    assert page.body == (
        '<p>Collé</p><a>piège</a><a href="https://anct.gouv.fr" rel="noopener noreferrer">ANCT</a>'
    )


def test_admin_refuses_a_reserved_slug_in_french(staff_client):
    response = staff_client.post(f"{ADMIN}/pages/page/add/", page_form(slug="centres"))
    assert response.status_code == 200
    message = "L’adresse «\u00a0centres\u00a0» est déjà prise par le site."
    assert message in response.content.decode()
    assert not Page.objects.filter(slug="centres").exists()


def test_admin_actions_publish_and_unpublish(staff_client, make_page):
    page = make_page(status=Status.DRAFT)
    staff_client.post(f"{ADMIN}/pages/page/", {"action": "publish", "_selected_action": [page.pk]})
    page.refresh_from_db()
    assert page.status == Status.PUBLISHED
    staff_client.post(
        f"{ADMIN}/pages/page/", {"action": "unpublish", "_selected_action": [page.pk]}
    )
    page.refresh_from_db()
    assert page.status == Status.DRAFT


def test_page_list_links_to_the_site(staff_client):
    content = staff_client.get(f"{ADMIN}/pages/page/").content.decode()
    assert 'href="/le-reseau/question-de-ville/">Voir</a>' in content


def test_home_page_admin_goes_straight_to_the_single_row(staff_client):
    response = staff_client.get(f"{ADMIN}/pages/homepage/")
    assert response.url == f"{ADMIN}/pages/homepage/1/change/"
    response = staff_client.get(response.url)
    content = response.content.decode()
    assert "Mention d’accessibilité" in content and "Points forts" in content
    assert '/delete/"' not in content


def test_home_page_admin_edit_shows_on_the_site(staff_client, client):
    home = HomePage.objects.get()
    data = {
        "title": "Accueil modifié",
        "intro": "",
        "highlights_title": "Les rôles",
        "meta_description": "",
        "accessibility_status": "Accessibilité : non conforme",
        "accessibility_page": home.accessibility_page_id,
        "highlights-TOTAL_FORMS": "0",
        "highlights-INITIAL_FORMS": "0",
        "highlights-MIN_NUM_FORMS": "0",
        "highlights-MAX_NUM_FORMS": "1000",
    }
    response = staff_client.post(f"{ADMIN}/pages/homepage/1/change/", data)
    assert response.status_code == 302
    assert "Accueil modifié" in client.get("/").content.decode()


def test_editor_labels_are_translated(client):
    response = client.get("/jsi18n/editeur/")
    assert response.status_code == 200
    assert "Modifier le lien" in response.content.decode()
