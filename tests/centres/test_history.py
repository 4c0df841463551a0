"""Every change to a centre is kept: who, when, which fields; versions restore, deletions undo."""

import pytest
from django.conf import settings

from centres.models import Centre, Departement, Theme
from centres.resources import CentreResource
from crpv.spreadsheets.importer import import_file
from tests.centres.test_import_rules import csv_bytes, row

pytestmark = pytest.mark.django_db

CENTRES = f"/{settings.ADMIN_URL}/centres/centre/"


def form_values(response):
    """Return the POST data of the admin form in ``response``, as the browser would send it."""
    form = response.context["adminform"].form
    data = {}
    for name, bound in form._bound_items():
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        else:
            data[name] = "on" if value is True else str(value)
    return data


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def change(client, centre, **changes):
    data = form_values(client.get(f"{CENTRES}{centre.pk}/change/"))
    data.update(changes)
    response = client.post(f"{CENTRES}{centre.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_a_change_in_the_admin_is_one_version_with_who_and_what(admin_client, centre, staff_user):
    theme = Theme.objects.first()
    versions = centre.history.count()
    change(admin_client, centre, phone="04 72 00 00 00", themes=[str(theme.pk)])
    assert centre.history.count() == versions + 1
    latest = centre.history.latest()
    assert latest.history_user == staff_user
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert set(delta.changed_fields) == {"phone", "themes"}

    html = admin_client.get(f"{CENTRES}{centre.pk}/history/").content.decode()
    assert "Téléphone\u00a0:</strong> 04 78 77 01 43 → 04 72 00 00 00" in html
    assert "Thèmes" in html
    assert staff_user.get_username() in html


def test_restore_a_previous_version_with_its_territory(admin_client, centre):
    change(admin_client, centre, phone="04 72 00 00 00")
    old = centre.history.latest()
    paris = Departement.objects.get(code="75")
    change(admin_client, centre, phone="01 40 00 00 00", city="Paris", departements=[paris.pk])
    centre.refresh_from_db()
    assert centre.city == "Paris"

    url = f"{CENTRES}{centre.pk}/history/{old.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Restaurer cette version" in response.content.decode()
    response = admin_client.post(url, form_values(response))
    assert response.status_code == 302
    assert response["Location"] == f"{CENTRES}{centre.pk}/change/"
    centre.refresh_from_db()
    assert centre.phone == "+33472000000"
    assert centre.city == ""
    assert sorted(centre.departements.values_list("code", flat=True)) == ["01", "69"]
    assert centre.history.latest().history_change_reason == "Version restaurée"


def test_recover_a_deleted_centre(admin_client, centre):
    pk, theme = centre.pk, Theme.objects.first()
    centre.themes.add(theme)
    change(admin_client, centre, description="Présentation à garder.")
    response = admin_client.post(f"{CENTRES}{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Centre.objects.filter(pk=pk).exists()

    listing = admin_client.get(f"{CENTRES}supprimes/")
    html = listing.content.decode()
    assert "Labo Cités" in html
    url = listing.context["rows"][0][1]
    assert "Centres supprimés" in admin_client.get(CENTRES).content.decode()

    response = admin_client.get(url)
    assert "Cet élément a été supprimé" in response.content.decode()
    admin_client.post(url, form_values(response))
    recovered = Centre.objects.get(pk=pk)
    assert recovered.slug == "labo-cites"
    assert recovered.description == "Présentation à garder."
    assert sorted(recovered.departements.values_list("code", flat=True)) == ["01", "69"]
    assert list(recovered.themes.all()) == [theme]
    assert admin_client.get(f"{CENTRES}supprimes/").context["rows"] == []


def test_only_those_who_may_add_recover(client, make_staff, centre):
    from crpv.roles import REFERENTS

    referent = make_staff(REFERENTS, centres=[centre])
    client.force_login(referent)
    assert client.get(f"{CENTRES}supprimes/").status_code == 403
    version = centre.history.latest().pk
    assert client.get(f"{CENTRES}{centre.pk}/history/{version}/").status_code == 403
    before = centre.history.count()
    response = client.post(f"{CENTRES}{centre.pk}/history/{version}/", {"phone": "0472000000"})
    assert response.status_code == 403
    assert centre.history.count() == before


def test_referent_reads_their_centres_history(client, make_staff, centre):
    from crpv.roles import REFERENTS

    client.force_login(make_staff(REFERENTS, centres=[centre]))
    response = client.get(f"{CENTRES}{centre.pk}/history/")
    assert response.status_code == 200
    assert "/history/" not in response.content.decode().split('id="change-history"')[1]


def test_import_records_a_version_per_row_with_the_user(staff_user, make_centre):
    kept = make_centre(name="Centre gardé", slug="centre-garde", departements=("69",))
    theme = Theme.objects.first()
    content = csv_bytes(
        [
            row(identifiant="centre-garde", nom="Centre gardé", departements="69 01"),
            row(identifiant="centre-neuf", nom="Centre neuf", themes=theme.name),
        ]
    )
    report = import_file(CentreResource(), content, user=staff_user, filename="annuaire.csv")
    assert report.saved, report.errors

    changed = kept.history.latest()
    assert changed.history_type == "~"
    assert changed.history_user == staff_user
    assert changed.history_change_reason == "Modifié par import de «\u00a0annuaire.csv\u00a0»"
    assert changed.diff_against(changed.prev_record).changed_fields == ["departements"]

    created = Centre.objects.get(slug="centre-neuf").history.get()
    assert created.history_type == "+"
    assert created.history_user == staff_user
    assert [t.theme_id for t in created.themes.all()] == [theme.pk]
    assert [d.departement.code for d in created.departements.all()] == ["69"]


def test_a_version_from_an_import_restores(admin_client, staff_user, make_centre):
    kept = make_centre(name="Centre gardé", slug="centre-garde", city="Lyon")
    before = kept.history.latest()
    content = csv_bytes([row(identifiant="centre-garde", nom="Centre gardé", ville="Bron")])
    assert import_file(CentreResource(), content, user=staff_user).saved
    kept.refresh_from_db()
    assert kept.city == "Bron"
    url = f"{CENTRES}{kept.pk}/history/{before.pk}/"
    admin_client.post(url, form_values(admin_client.get(url)))
    kept.refresh_from_db()
    assert kept.city == "Lyon"
