"""The news admin: référents publish for their own centres only (forged centres and the
network's box refused), the national team for the network; French messages; status filter;
history and restore."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from crpv.roles import ADMINISTRATORS, CONTENT_EDITORS
from news.models import NewsItem
from tests.news.conftest import ago, image_file

pytestmark = pytest.mark.django_db

NEWS = f"/{settings.ADMIN_URL}/news/newsitem/"


def form_data(centres=(), **changes):
    data = {
        "title": "Appel à projets 2027",
        "slug": "appel-a-projets-2027",
        "centres": [c.pk for c in centres],
        "is_published": "on",
        "published_at_0": "04/12/2026",
        "published_at_1": "09:30",
        "summary": "Les dossiers sont ouverts.",
        "body": "<p>Détails</p>",
        "image_alt": "",
    }
    data.update(changes)
    return data


def form_values(response):
    """Return the admin form's POST data (``tests.centres.test_history.form_values``), the
    publication time split in two fields as the admin's widget sends it."""
    from tests.centres.test_history import form_values as values

    data = values(response)
    moment = timezone.localtime(response.context["adminform"].form["published_at"].value())
    data.pop("published_at", None)
    data.pop("image", None)  # an empty file field is sent as nothing, as browsers do
    data["published_at_0"], data["published_at_1"] = f"{moment:%d/%m/%Y}", f"{moment:%H:%M}"
    return data


def test_referent_publishes_an_item_of_their_centre(client, referent, centre):
    client.force_login(referent)
    response = client.post(f"{NEWS}add/", form_data([centre]))
    assert response.status_code == 302, response.content.decode()[:3000]
    item = NewsItem.objects.get(slug="appel-a-projets-2027")
    assert list(item.centres.all()) == [centre]
    assert item.is_published and not item.is_national
    assert item.published_at.isoformat() == "2026-12-04T08:30:00+00:00"  # 9 h 30 in Paris
    assert item.history.latest().history_user == referent


def test_referent_cannot_name_another_centre(client, referent, other):
    client.force_login(referent)
    response = client.post(f"{NEWS}add/", form_data([other]))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_referent_cannot_publish_for_the_network(client, referent, centre):
    client.force_login(referent)
    form = client.get(f"{NEWS}add/").context["adminform"].form
    assert "is_national" not in form.fields
    # A forged box is ignored, and an item of nobody is refused.
    response = client.post(f"{NEWS}add/", form_data(is_national="on"))
    assert response.status_code == 200
    assert "Choisissez le ou les centres qui publient l’actualité." in response.content.decode()
    assert client.post(f"{NEWS}add/", form_data([centre], is_national="on")).status_code == 302
    assert not NewsItem.objects.get().is_national


def test_referent_sees_and_opens_only_their_centres_items(
    client, referent, make_news, centre, other
):
    make_news(title="Notre actualité")
    theirs = make_news(title="Leur actualité", centres=[other])
    national = make_news(title="Celle du réseau", is_national=True)
    client.force_login(referent)
    html = client.get(NEWS).content.decode()
    assert "Notre actualité" in html
    assert "Leur actualité" not in html and "Celle du réseau" not in html
    for item in (theirs, national):
        for suffix in ("change/", "history/", "delete/"):
            assert client.get(f"{NEWS}{item.pk}/{suffix}").status_code in (403, 404), suffix
        response = client.post(f"{NEWS}{item.pk}/delete/", {"post": "yes"})
        assert response.status_code in (403, 404)
    assert NewsItem.objects.count() == 3


def test_referent_deletes_their_centres_item(client, referent, make_news):
    item = make_news()
    client.force_login(referent)
    assert client.post(f"{NEWS}{item.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not NewsItem.objects.filter(pk=item.pk).exists()


def test_national_team_publishes_for_the_network_and_sees_every_item(
    client, make_staff, make_news, other
):
    make_news(title="Leur actualité", centres=[other])
    client.force_login(make_staff(CONTENT_EDITORS))
    assert "Leur actualité" in client.get(NEWS).content.decode()
    response = client.post(f"{NEWS}add/", form_data(is_national="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert NewsItem.objects.get(slug="appel-a-projets-2027").is_national


def test_an_item_of_nobody_or_an_image_without_text_is_refused_in_french(
    client, make_staff, centre
):
    client.force_login(make_staff(CONTENT_EDITORS))
    response = client.post(f"{NEWS}add/", form_data())
    assert "ou cochez « réseau national »" in response.content.decode()
    response = client.post(f"{NEWS}add/", form_data([centre], image=image_file()))
    assert response.status_code == 200
    assert "Décrivez l’image pour qui ne la voit pas" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_an_uploaded_image_is_stored_with_its_rendition(client, make_staff, centre):
    client.force_login(make_staff(CONTENT_EDITORS))
    data = form_data([centre], image=image_file(), image_alt="Le quartier vu du ciel.")
    assert client.post(f"{NEWS}add/", data).status_code == 302
    item = NewsItem.objects.get()
    assert item.image.name.startswith(f"actualites/{timezone.now().year}/photo")
    assert item.rendition_width == 1200


def test_a_file_that_is_not_an_image_is_refused(client, make_staff, centre):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_staff(CONTENT_EDITORS))
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 pas une image", content_type="image/jpeg")
    response = client.post(f"{NEWS}add/", form_data([centre], image=fake, image_alt="x"))
    assert response.status_code == 200
    assert not NewsItem.objects.exists()


@pytest.mark.parametrize(
    ("status", "expected"),
    [("brouillon", "Un brouillon"), ("programmee", "Pour demain"), ("publiee", "Déjà parue")],
)
def test_status_filter(client, staff_user, make_news, status, expected):
    make_news(title="Un brouillon", is_published=False)
    make_news(title="Pour demain", published_at=ago(days=-1))
    make_news(title="Déjà parue")
    client.force_login(staff_user)
    response = client.get(f"{NEWS}?statut={status}")
    assert [item.title for item in response.context["cl"].result_list] == [expected]


def test_history_shows_and_restores_a_version_with_its_centres(
    client, make_staff, make_news, centre, other
):
    client.force_login(make_staff(CONTENT_EDITORS))
    item = make_news()
    data = form_values(client.get(f"{NEWS}{item.pk}/change/"))
    response = client.post(f"{NEWS}{item.pk}/change/", {**data, "title": "Premier titre"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    old = item.history.latest()
    data = form_values(client.get(f"{NEWS}{item.pk}/change/"))
    data.update(title="Second titre", centres=[str(other.pk)])
    assert client.post(f"{NEWS}{item.pk}/change/", data).status_code == 302
    assert (
        "Premier titre → Second titre" in client.get(f"{NEWS}{item.pk}/history/").content.decode()
    )
    url = f"{NEWS}{item.pk}/history/{old.pk}/"
    response = client.get(url)
    assert response.context["adminform"].form.initial["centres"] == [centre.pk]
    assert client.post(url, form_values(response)).status_code == 302
    item.refresh_from_db()
    assert item.title == "Premier titre"
    assert list(item.centres.all()) == [centre]


def test_a_stale_form_is_refused(client, make_staff, make_news):
    client.force_login(make_staff(CONTENT_EDITORS))
    item = make_news()
    url = f"{NEWS}{item.pk}/change/"
    stale = form_values(client.get(url))
    fresh = form_values(client.get(url))
    assert client.post(url, {**fresh, "title": "Par quelqu’un d’autre"}).status_code == 302
    response = client.post(url, {**stale, "title": "Par moi"})
    assert response.status_code == 200
    assert "depuis que vous l’avez ouverte" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Par quelqu’un d’autre"


AUTOCOMPLETE = f"/{settings.ADMIN_URL}/autocomplete/"


def autocomplete(client, field, term="", model="news.newsitem"):
    """Return the admin autocomplete's answer (status, titles listed) for ``field`` of
    ``model`` (``app_label.model_name``) and the typed ``term``."""
    app_label, model_name = model.split(".")
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": app_label, "model_name": model_name, "field_name": field, "term": term},
    )
    if response.status_code != 200:
        return response.status_code, []
    return 200, [row["text"] for row in response.json()["results"]]


def test_related_events_and_resources_are_searched_not_listed(client, referent):
    client.force_login(referent)
    html = client.get(f"{NEWS}add/").content.decode()
    for field in ("events", "resources"):
        assert f'data-field-name="{field}"' in html  # select2, fed by the autocomplete
        assert f'data-ajax--url="{AUTOCOMPLETE}"' in html


def test_referent_finds_any_centres_resource_newest_first(
    client, referent, centre, other, make_resource
):
    older = make_resource(title="Étude ancienne", published_on=datetime.date(2020, 1, 1))
    newer = make_resource(
        title="Étude récente", published_on=datetime.date(2026, 5, 1), centres=[other]
    )
    make_resource(title="Guide du voisin", centres=[other])
    client.force_login(referent)
    assert autocomplete(client, "resources", "Étude") == (200, ["Étude récente", "Étude ancienne"])
    response = client.post(f"{NEWS}add/", form_data([centre], resources=[newer.pk, older.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(NewsItem.objects.get().resources.all()) == {newer, older}


def test_referent_finds_any_centres_event(client, referent, other, make_event):
    make_event(title="Webinaire du voisin", centres=[other])
    client.force_login(referent)
    assert autocomplete(client, "events", "voisin") == (200, ["Webinaire du voisin"])


def test_national_team_finds_events_and_resources(
    client, make_staff, other, make_event, make_resource
):
    make_event(title="Rencontre régionale", centres=[other])
    make_resource(title="Guide régional", centres=[other])
    client.force_login(make_staff(ADMINISTRATORS))
    assert autocomplete(client, "events", "Rencontre") == (200, ["Rencontre régionale"])
    assert autocomplete(client, "resources", "Guide") == (200, ["Guide régional"])


def test_referent_still_opens_only_their_centres_events_and_resources(
    client, referent, other, make_event, make_resource
):
    make_event(title="Webinaire du centre")
    event = make_event(title="Webinaire du voisin", centres=[other])
    resource = make_resource(title="Guide du voisin", centres=[other])
    client.force_login(referent)
    admin = f"/{settings.ADMIN_URL}"
    assert client.get(f"{admin}/events/event/{event.pk}/change/").status_code == 404
    assert client.get(f"{admin}/library/resource/{resource.pk}/change/").status_code == 404
    assert "Webinaire du voisin" not in client.get(f"{admin}/events/event/").content.decode()
    # Only the news' fields list every object: another autocomplete lists their own.
    assert autocomplete(client, "event", "Webinaire", model="library.resource") == (
        200,
        ["Webinaire du centre"],
    )


def test_visitor_gets_no_autocomplete(client, make_resource):
    make_resource(title="Étude")
    response = client.get(
        AUTOCOMPLETE, {"app_label": "news", "model_name": "newsitem", "field_name": "resources"}
    )
    assert response.status_code == 302  # to the login page


def test_referent_links_a_resource(client, referent, centre, make_resource):
    newer = make_resource(title="Étude récente", published_on=datetime.date(2026, 5, 1))
    client.force_login(referent)
    response = client.post(f"{NEWS}add/", form_data([centre], resources=[newer.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    item = NewsItem.objects.get()
    assert list(item.resources.all()) == [newer]
    version = item.history.latest()
    assert list(version.resources.values_list("resource_id", flat=True)) == [newer.pk]


def test_history_restores_a_version_with_its_resources(
    client, make_staff, make_news, make_resource
):
    first, second = make_resource(title="Première"), make_resource(title="Seconde")
    client.force_login(make_staff(CONTENT_EDITORS))
    item = make_news()
    data = form_values(client.get(f"{NEWS}{item.pk}/change/"))
    assert (
        client.post(f"{NEWS}{item.pk}/change/", {**data, "resources": [first.pk]}).status_code
        == 302
    )
    old = item.history.latest()
    data = form_values(client.get(f"{NEWS}{item.pk}/change/"))
    data["resources"] = [str(second.pk)]
    assert client.post(f"{NEWS}{item.pk}/change/", data).status_code == 302
    url = f"{NEWS}{item.pk}/history/{old.pk}/"
    response = client.get(url)
    assert response.context["adminform"].form.initial["resources"] == [first.pk]
    assert client.post(url, form_values(response)).status_code == 302
    assert list(item.resources.all()) == [first]
