"""The project's corrections to Django's French (locale/fr) are the ones the admin shows."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_URL}"


def test_user_add_form_reads_right(admin_client):
    html = admin_client.get(f"{ADMIN}/auth/user/add/").content.decode()
    assert "vous pourrez modifier davantage" in html
    assert "Ajout de utilisateur" not in html
    assert "Ajout d’un élément : utilisateur" in html


def test_delete_action_agrees_with_feminine_names(admin_client):
    html = admin_client.get(f"{ADMIN}/pages/page/").content.decode()
    assert "Supprimer la sélection (pages)" in html
    assert "pages sélectionnés" not in html
