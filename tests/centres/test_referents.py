"""A centre's referent: only their centres, only contact details, description and themes."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from centres.models import Centre, Departement, Theme

pytestmark = pytest.mark.django_db

CENTRES = f"/{settings.ADMIN_URL}/centres/centre/"


def form_data(centre, **changes):
    data = {
        "street_address": centre.street_address,
        "postcode": centre.postcode,
        "city": centre.city,
        "latitude": "",
        "longitude": "",
        "phone": centre.phone,
        "phone_2": centre.phone_2,
        "email": centre.email,
        "website": centre.website,
        "description": centre.description,
        "themes": [t.pk for t in centre.themes.all()],
    }
    data.update(changes)
    return data


def test_referent_sees_only_their_centres(client, referent, centre, other):
    client.force_login(referent)
    html = client.get(CENTRES).content.decode()
    assert "Labo Cités" in html
    assert "Centre voisin" not in html


def test_another_centres_urls_typed_by_hand_are_refused(client, referent, other):
    client.force_login(referent)
    for suffix in ("change/", "history/", "delete/"):
        response = client.get(f"{CENTRES}{other.pk}/{suffix}")
        assert response.status_code in (403, 404), suffix
    version = other.history.latest().pk
    response = client.get(f"{CENTRES}{other.pk}/history/{version}/")
    assert response.status_code in (403, 404)
    response = client.post(f"{CENTRES}{other.pk}/change/", form_data(other, phone="0478770143"))
    assert response.status_code in (403, 404)
    other.refresh_from_db()
    assert other.phone == ""


def test_referent_cannot_add_delete_import_or_export(client, referent, centre):
    client.force_login(referent)
    assert client.get(f"{CENTRES}add/").status_code == 403
    assert client.get(f"{CENTRES}{centre.pk}/delete/").status_code == 403
    assert client.post(f"{CENTRES}{centre.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{CENTRES}import/").status_code == 403
    assert client.get(f"{CENTRES}export/").status_code == 403
    assert Centre.objects.filter(pk=centre.pk).exists()
    html = client.get(CENTRES).content.decode()
    assert "export_admin_action" not in html
    assert "delete_selected" not in html


def test_referent_updates_contact_details_and_themes(client, referent, centre):
    theme = Theme.objects.first()
    client.force_login(referent)
    response = client.post(
        f"{CENTRES}{centre.pk}/change/",
        form_data(
            centre, phone="04 72 00 00 00", description="Nouvelle présentation.", themes=[theme.pk]
        ),
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.phone == "+33472000000"
    assert centre.description == "Nouvelle présentation."
    assert list(centre.themes.all()) == [theme]


def test_forged_fields_are_ignored(client, referent, centre):
    client.force_login(referent)
    paris = Departement.objects.get(code="75")
    before = set(centre.departements.values_list("code", flat=True))
    response = client.post(
        f"{CENTRES}{centre.pk}/change/",
        form_data(
            centre,
            name="Nom forgé",
            slug="slug-force",
            departements=[paris.pk],
            is_published="",
            verified_on="2001-01-01",
            referents=[],
            city="Lyon",
        ),
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.city == "Lyon"  # the allowed change applies
    assert centre.name == "Labo Cités"
    assert centre.slug == "labo-cites"
    assert centre.is_published is True
    assert centre.verified_on is None
    assert set(centre.departements.values_list("code", flat=True)) == before
    assert centre.referents.filter(pk=referent.pk).exists()


def test_referent_change_form_shows_territory_read_only(client, referent, centre):
    client.force_login(referent)
    html = client.get(f"{CENTRES}{centre.pk}/change/").content.decode()
    assert 'name="phone"' in html
    assert 'name="slug"' not in html
    assert 'name="departements"' not in html
    assert 'name="is_published"' not in html
    assert "Rhône (69)" in html
    assert "Les informations sont à jour" in html


def test_confirming_sets_verified_on_to_today(client, referent, centre):
    client.force_login(referent)
    client.post(f"{CENTRES}{centre.pk}/change/", form_data(centre, confirm_up_to_date="on"))
    centre.refresh_from_db()
    assert centre.verified_on == timezone.localdate()


def test_freshness_filter_and_admin_index_count(client, staff_user, make_centre, centre):
    today = timezone.localdate()
    make_centre(name="Vérifié récemment", verified_on=today - datetime.timedelta(days=30))
    make_centre(name="Vérifié il y a longtemps", verified_on=today - datetime.timedelta(days=400))
    client.force_login(staff_user)
    html = client.get(f"{CENTRES}?verification=a-verifier").content.decode()
    assert "Vérifié il y a longtemps" in html
    assert "Labo Cités" in html  # never verified
    assert "Vérifié récemment" not in html
    index = client.get(f"/{settings.ADMIN_URL}/").content.decode()
    assert "2 centres non vérifiés depuis 12\u00a0mois" in index
    assert "?verification=a-verifier" in index


def test_admin_index_counts_only_the_referents_centres(client, referent, make_centre):
    make_centre(name="Autre centre jamais vérifié")
    client.force_login(referent)
    index = client.get(f"/{settings.ADMIN_URL}/").content.decode()
    assert "1 centre non vérifié depuis 12\u00a0mois" in index


def test_year_ago_handles_29_february():
    from centres.models import year_ago

    assert year_ago(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert year_ago(datetime.date(2026, 11, 25)) == datetime.date(2025, 11, 25)


def test_public_page_shows_the_verification_date(client, make_centre):
    verified = make_centre(slug="verifie", verified_on=datetime.date(2026, 3, 5))
    html = client.get(verified.get_absolute_url()).content.decode()
    assert "5 mars 2026" in html


def test_referent_read_only_published_field_does_not_tell_them_to_untick_it(
    client, referent, centre
):
    client.force_login(referent)
    html = client.get(f"{CENTRES}{centre.pk}/change/").content.decode()
    assert "Décochez" not in html
    assert "Seule l’équipe du réseau publie un centre" in html


def test_new_centre_is_a_draft_by_default(client, staff_user):
    client.force_login(staff_user)
    html = client.get(f"{CENTRES}add/").content.decode()
    assert 'name="is_published"' in html
    assert 'name="is_published" id="id_is_published" checked' not in html
    assert "Un nouveau centre est un brouillon" in html
    assert Centre().is_published is False


def test_admin_search_ignores_accents_and_case(client, staff_user, make_centre):
    make_centre(name="Ville Caraïbe", slug="ville-caraibe", city="Fort-de-France")
    make_centre(name="Profession Banlieue", slug="profession-banlieue")
    client.force_login(staff_user)
    html = client.get(f"{CENTRES}?q=caraibe").content.decode()
    assert "Ville Caraïbe" in html
    assert "Profession Banlieue" not in html
    assert "Ville Caraïbe" in client.get(f"{CENTRES}?q=FORT DE FRANCE").content.decode()


def test_admin_list_and_history_show_phone_numbers_the_french_way(client, staff_user, centre):
    client.force_login(staff_user)
    assert "04 78 77 01 43" in client.get(CENTRES).content.decode()
    form = client.get(f"{CENTRES}{centre.pk}/change/").content.decode()
    assert 'value="04 78 77 01 43"' in form
    centre.phone = "+33472000000"
    centre.save()
    history = client.get(f"{CENTRES}{centre.pk}/history/").content.decode()
    assert "04 78 77 01 43 → 04 72 00 00 00" in history
    assert "+3347" not in history
