"""No edit silently lost: a save over a state the form was not opened on is refused."""

import pytest
from django.conf import settings

from centres.models import Centre, Theme
from crpv.concurrency import EDIT_TOKEN
from crpv.roles import REFERENTS
from pages.models import HomePage, Page

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_URL}"


def opened_form(client, url):
    """Return the POST data of the change form at ``url`` as the admin draws it."""
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for formset in context.get("inline_admin_formsets", ()):
        forms.extend(formset.formset.forms)
        data.update({f.html_name: f.value() for f in formset.formset.management_form})
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[field.html_name] = value
    return data


def centre_url(centre):
    return f"{ADMIN}/centres/centre/{centre.pk}/change/"


def test_stale_centre_save_is_refused_with_what_changed(client, staff_user, centre):
    client.force_login(staff_user)
    first = opened_form(client, centre_url(centre))
    second = opened_form(client, centre_url(centre))
    assert first[EDIT_TOKEN]

    first["phone"] = "04 72 00 00 01"
    assert client.post(centre_url(centre), first).status_code == 302

    second["city"] = "Villeurbanne"
    response = client.post(centre_url(centre), second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "depuis que vous l’avez ouverte" in html
    assert "Téléphone\u00a0: «\u00a004 78 77 01 43\u00a0» → «\u00a004 72 00 00 01\u00a0»" in html
    centre.refresh_from_db()
    assert centre.phone == "+33472000001"  # the first save is kept
    assert centre.city == ""  # nothing of the stale form was written


def test_refused_form_takes_the_other_change_and_saves_again(client, staff_user, centre):
    client.force_login(staff_user)
    first = opened_form(client, centre_url(centre))
    second = opened_form(client, centre_url(centre))
    first["phone"] = "04 72 00 00 01"
    client.post(centre_url(centre), first)

    second["city"] = "Villeurbanne"
    response = client.post(centre_url(centre), second)
    form = response.context["adminform"].form
    merged = {**second, EDIT_TOKEN: form[EDIT_TOKEN].value(), "phone": form["phone"].value()}
    assert merged["phone"] == "04 72 00 00 01"  # the field left alone took the saved value
    assert client.post(centre_url(centre), merged).status_code == 302
    centre.refresh_from_db()
    assert (centre.phone, centre.city) == ("+33472000001", "Villeurbanne")


def test_both_changing_one_field_is_a_conflict_kept_in_the_form(client, staff_user, centre):
    client.force_login(staff_user)
    first = opened_form(client, centre_url(centre))
    second = opened_form(client, centre_url(centre))
    client.post(centre_url(centre), {**first, "city": "Lyon"})
    response = client.post(centre_url(centre), {**second, "city": "Vénissieux"})
    assert "vous l’avez modifié aussi" in response.content.decode()
    assert response.context["adminform"].form["city"].value() == "Vénissieux"
    assert Centre.objects.get(pk=centre.pk).city == "Lyon"


def test_a_change_of_themes_in_between_is_shown_by_name(client, staff_user, centre):
    client.force_login(staff_user)
    first = opened_form(client, centre_url(centre))
    second = opened_form(client, centre_url(centre))
    theme = Theme.objects.order_by("name").first()
    client.post(centre_url(centre), {**first, "themes": [theme.pk]})
    html = client.post(centre_url(centre), second).content.decode()
    assert f"Thèmes\u00a0: «\u00a0(vide)\u00a0» → «\u00a0{theme.name}" in html


def test_referent_stale_save_is_refused(client, make_staff, staff_user, centre):
    referent = make_staff(REFERENTS, centres=[centre])
    client.force_login(referent)
    stale = opened_form(client, centre_url(centre))
    client.force_login(staff_user)
    client.post(centre_url(centre), {**opened_form(client, centre_url(centre)), "city": "Lyon"})

    client.force_login(referent)
    response = client.post(centre_url(centre), {**stale, "email": "contact@example.org"})
    assert response.status_code == 200
    assert "Ville\u00a0: «\u00a0(vide)\u00a0» → «\u00a0Lyon\u00a0»" in response.content.decode()
    assert Centre.objects.get(pk=centre.pk).email == ""


def test_a_forged_token_is_refused_not_a_500(client, staff_user, centre):
    client.force_login(staff_user)
    data = {**opened_form(client, centre_url(centre)), EDIT_TOKEN: "n’importe quoi"}
    response = client.post(centre_url(centre), data)
    assert response.status_code == 200
    assert "ne dit pas dans quel état" in response.content.decode()


def test_stale_page_save_is_refused(client, staff_user):
    page = Page.objects.filter(parent__isnull=True).first()
    url = f"{ADMIN}/pages/page/{page.pk}/change/"
    client.force_login(staff_user)
    first = opened_form(client, url)
    second = opened_form(client, url)
    client.post(url, {**first, "intro": "Une introduction écrite d’abord."})
    response = client.post(url, {**second, "title": "Titre écrit ensuite"})
    assert response.status_code == 200
    assert "Introduction\u00a0:" in response.content.decode()
    page.refresh_from_db()
    assert page.intro == "Une introduction écrite d’abord."
    assert page.title != "Titre écrit ensuite"


def test_stale_home_page_save_is_refused_for_its_highlights(client, staff_user):
    url = f"{ADMIN}/pages/homepage/1/change/"
    client.force_login(staff_user)
    first = opened_form(client, url)
    second = opened_form(client, url)
    first["highlights-0-title"] = "Former les professionnels"
    assert client.post(url, first).status_code == 302

    response = client.post(url, {**second, "title": "Accueil réécrit"})
    assert response.status_code == 200
    assert "Points forts" in response.content.decode()
    assert HomePage.objects.get().title != "Accueil réécrit"


def test_restoring_a_version_is_not_refused(client, staff_user, centre):
    client.force_login(staff_user)
    client.post(centre_url(centre), {**opened_form(client, centre_url(centre)), "city": "Lyon"})
    version = centre.history.latest()
    client.post(centre_url(centre), {**opened_form(client, centre_url(centre)), "city": "Bron"})
    url = f"{ADMIN}/centres/centre/{centre.pk}/history/{version.pk}/"
    response = client.post(url, opened_form(client, url))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Centre.objects.get(pk=centre.pk).city == "Lyon"
