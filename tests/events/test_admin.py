"""The agenda's admin: référents work on their centres' events only; copy; history; French
messages for bad dates."""

import pytest
from django.conf import settings

from crpv.roles import CONTENT_EDITORS
from events.models import Event, EventType

pytestmark = pytest.mark.django_db

EVENTS = f"/{settings.ADMIN_URL}/events/event/"


def form_data(centres, **changes):
    data = {
        "title": "Webinaire sur la gestion urbaine de proximité",
        "slug": "webinaire-gup",
        "is_published": "on",
        "event_type": EventType.objects.get(slug="webinaire").pk,
        "summary": "Une heure pour faire le point.",
        "centres": [c.pk for c in centres],
        "partners": "",
        "starts_at_0": "04/12/2030",
        "starts_at_1": "09:30",
        "ends_at_0": "04/12/2030",
        "ends_at_1": "12:00",
        "format": "en-ligne",
        "venue": "",
        "street_address": "",
        "postcode": "",
        "city": "",
        "online_url": "https://visio.example.org/gup",
        "description": "<p>Programme</p>",
        "registration_url": "",
        "registration_email": "",
        "registration_deadline": "",
        "is_free": "on",
        "status": "prevu",
        "status_reason": "",
        "replay_url": "",
    }
    data.update(changes)
    return data


def test_referent_creates_a_published_event_of_their_centre(client, referent, centre):
    client.force_login(referent)
    response = client.post(f"{EVENTS}add/", form_data([centre]))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="webinaire-gup")
    assert list(event.centres.all()) == [centre]
    assert event.is_published
    assert event.starts_at.isoformat() == "2030-12-04T08:30:00+00:00"  # 9 h 30 in Paris
    version = event.history.latest()
    assert version.history_user == referent
    assert list(version.centres.values_list("centre_id", flat=True)) == [centre.pk]


def test_referent_cannot_name_another_centre(client, referent, other):
    client.force_login(referent)
    response = client.post(f"{EVENTS}add/", form_data([other]))
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_referent_sees_and_opens_only_their_centres_events(
    client, referent, make_event, centre, other
):
    own = make_event(title="Notre atelier")
    theirs = make_event(title="Leur atelier", centres=[other])
    client.force_login(referent)
    html = client.get(EVENTS).content.decode()
    assert "Notre atelier" in html and "Leur atelier" not in html
    for suffix in ("change/", "history/", "delete/"):
        assert client.get(f"{EVENTS}{theirs.pk}/{suffix}").status_code in (403, 404), suffix
    assert client.get(f"{EVENTS}{own.pk}/change/").status_code == 200
    response = client.post(f"{EVENTS}{theirs.pk}/delete/", {"post": "yes"})
    assert response.status_code in (403, 404)
    assert Event.objects.filter(pk=theirs.pk).exists()


def test_referent_deletes_their_centres_event(client, referent, make_event):
    event = make_event()
    client.force_login(referent)
    assert client.post(f"{EVENTS}{event.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_referent_editing_keeps_the_co_organiser_they_cannot_choose(
    client, referent, make_event, centre, other
):
    event = make_event(centres=[centre, other])
    client.force_login(referent)
    data = form_data([centre], slug=event.slug, title="Titre revu")
    response = client.post(f"{EVENTS}{event.pk}/change/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Titre revu"
    assert set(event.centres.all()) == {centre, other}
    assert event.sequence == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at_0": "30/02/2030"}, "Saisissez une date valide."),
        ({"ends_at_0": "03/12/2030"}, "La fin doit venir après le début."),
        ({"format": "presentiel"}, "Indiquez la commune où a lieu l’événement."),
    ],
)
def test_bad_dates_and_places_get_a_french_message(client, referent, centre, changes, message):
    client.force_login(referent)
    response = client.post(f"{EVENTS}add/", form_data([centre], **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_copy_makes_an_unpublished_draft_with_a_new_slug(client, make_staff, make_event, centre):
    editor = make_staff(CONTENT_EDITORS)
    event = make_event(slug="cycle-qualification-1", status="reporte", status_reason="Grève")
    client.force_login(editor)
    response = client.post(
        EVENTS, {"action": "copy_events", "_selected_action": [event.pk]}, follow=True
    )
    assert "1 copie créée en brouillon" in response.content.decode()
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.slug == "cycle-qualification-2"
    assert not copy.is_published
    assert copy.status == "prevu" and copy.status_reason == ""
    assert list(copy.centres.all()) == [centre]
    assert copy.history.count() == 1
    assert copy.history.get().history_user == editor


def test_national_team_sees_every_centres_events(client, make_staff, make_event, other):
    make_event(title="Leur atelier", centres=[other])
    client.force_login(make_staff(CONTENT_EDITORS))
    assert "Leur atelier" in client.get(EVENTS).content.decode()


def form_values(response):
    """Return the admin form's POST data (``tests.centres.test_history.form_values``), the
    dates split in two fields as the admin's widget sends them."""
    from django.utils import timezone

    from tests.centres.test_history import form_values as values

    data = values(response)
    form = response.context["adminform"].form
    for name in ("starts_at", "ends_at"):
        moment = timezone.localtime(form[name].value())
        data.pop(name, None)
        data[f"{name}_0"], data[f"{name}_1"] = f"{moment:%d/%m/%Y}", f"{moment:%H:%M}"
    return data


def test_history_shows_and_restores_a_version_with_its_organisers(
    client, make_staff, make_event, centre, other
):
    editor = make_staff(CONTENT_EDITORS)
    client.force_login(editor)
    event = make_event()
    data = form_values(client.get(f"{EVENTS}{event.pk}/change/"))
    response = client.post(f"{EVENTS}{event.pk}/change/", {**data, "title": "Premier titre"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    old = event.history.latest()
    # The form opened again: the first one is stale now, and would be refused.
    data = form_values(client.get(f"{EVENTS}{event.pk}/change/"))
    data.update(title="Second titre", centres=[str(other.pk)])
    assert client.post(f"{EVENTS}{event.pk}/change/", data).status_code == 302

    html = client.get(f"{EVENTS}{event.pk}/history/").content.decode()
    assert "Premier titre → Second titre" in html
    url = f"{EVENTS}{event.pk}/history/{old.pk}/"
    response = client.get(url)
    assert response.context["adminform"].form.initial["centres"] == [centre.pk]
    assert client.post(url, form_values(response)).status_code == 302
    event.refresh_from_db()
    assert event.title == "Premier titre"
    assert list(event.centres.all()) == [centre]
    assert event.sequence == 3  # never back, even to an older version


def test_referents_do_not_list_or_recover_deleted_events(client, referent, make_event, other):
    event = make_event(centres=[other])
    event.delete()
    client.force_login(referent)
    assert client.get(f"{EVENTS}supprimes/").status_code == 403


def test_referent_form_fills_the_address_from_the_title(client, referent):
    client.force_login(referent)
    response = client.get(f"{EVENTS}add/")
    assert response.context["prepopulated_fields_json"] != "[]"
