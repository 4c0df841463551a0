"""The public agenda: lists, filters, empty state, bad input, event page, JSON-LD, queries."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from centres.models import Theme
from events.dates import when
from events.models import Audience, EventType
from tests.events.conftest import paris

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(
        r'class="event-item__title"><a href="[^"]+">([^<]+)<', response.content.decode()
    )


def json_ld(response):
    html = response.content.decode()
    return json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_agenda_lists_upcoming_published_events_soonest_first_by_month(client, make_event):
    make_event(title="Plus tard", starts_at=paris(2031, 1, 8, 9, 0), ends_at=paris(2031, 1, 8, 12))
    make_event(title="Bientôt", starts_at=paris(2030, 12, 2, 9, 0), ends_at=paris(2030, 12, 2, 12))
    make_event(title="Brouillon", is_published=False)
    make_event(title="Passé", starts_at=paris(2020, 1, 8, 9, 0), ends_at=paris(2020, 1, 8, 12))
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert titles(response) == ["Bientôt", "Plus tard"]
    html = response.content.decode()
    assert html.index("Décembre 2030") < html.index("Janvier 2031")
    assert "2 événements à venir" in html


def test_archive_lists_past_events_newest_first_with_replay(client, make_event):
    make_event(title="Ancien", starts_at=paris(2019, 1, 8, 9, 0), ends_at=paris(2019, 1, 8, 12))
    make_event(
        title="Récent",
        starts_at=paris(2020, 1, 8, 9, 0),
        ends_at=paris(2020, 1, 8, 12),
        replay_url="https://example.org/replay",
    )
    make_event(title="À venir")
    response = client.get("/agenda/passes/")
    assert titles(response) == ["Récent", "Ancien"]
    assert 'href="https://example.org/replay"' in response.content.decode()


def test_empty_state_says_so_and_offers_a_way_out(client, make_event):
    make_event(format="presentiel")
    response = client.get("/agenda/?format=en-ligne")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aucun événement ne correspond à ces filtres." in html
    assert 'href="/agenda/">voyez tout l’agenda' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=webinaire", {"Webinaire"}),
        ("theme=cohesion-sociale", {"Cohésion"}),
        ("public=elus", {"Élus"}),
        ("format=en-ligne", {"Webinaire"}),
        ("centre=centre-voisin", {"Paris"}),
        ("departement=75", {"Paris", "Webinaire"}),  # online events show whatever the territory
        ("region=84", {"Cohésion", "Élus", "Webinaire"}),  # held in, or organised for
        ("du=2030-12-03&au=2030-12-03", {"Élus"}),
    ],
)
def test_filters_combine_in_the_url(client, make_event, make_centre, query, expected):
    other = make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))
    cohesion = Theme.objects.get(slug="cohesion-sociale")
    make_event(
        title="Cohésion",
        themes=[cohesion],
        starts_at=paris(2030, 12, 1, 9),
        ends_at=paris(2030, 12, 1, 10),
    )
    make_event(
        title="Élus",
        audiences=[Audience.objects.get(slug="elus")],
        starts_at=paris(2030, 12, 2, 9),
        ends_at=paris(2030, 12, 4, 17),
    )
    make_event(
        title="Webinaire",
        event_type=EventType.objects.get(slug="webinaire"),
        format="en-ligne",
        city="",
        postcode="",
        online_url="https://visio.example.org",
        starts_at=paris(2030, 12, 10, 9),
        ends_at=paris(2030, 12, 10, 10),
    )
    make_event(
        title="Paris",
        centres=[other],
        city="Paris",
        postcode="75011",
        starts_at=paris(2030, 12, 11, 9),
        ends_at=paris(2030, 12, 11, 10),
    )
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_this_week_keeps_only_the_events_before_sunday(client, make_event):
    today = timezone.localdate()
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    noon = datetime.time(12)
    make_event(
        title="Dimanche",
        starts_at=timezone.make_aware(datetime.datetime.combine(sunday, noon)),
        ends_at=timezone.make_aware(datetime.datetime.combine(sunday, datetime.time(13))),
    )
    monday = sunday + datetime.timedelta(days=1)
    make_event(
        title="Lundi suivant",
        starts_at=timezone.make_aware(datetime.datetime.combine(monday, noon)),
        ends_at=timezone.make_aware(datetime.datetime.combine(monday, datetime.time(13))),
    )
    assert titles(client.get("/agenda/?periode=cette-semaine")) == ["Dimanche"]


def test_this_month_keeps_only_the_events_before_the_first_of_next_month(client, make_event):
    today = timezone.localdate()
    last = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last -= datetime.timedelta(days=1)
    for title, day in (("Fin du mois", last), ("Mois suivant", last + datetime.timedelta(1))):
        make_event(
            title=title,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(21))),
            ends_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(22))),
        )
    response = client.get("/agenda/?periode=ce-mois")
    assert titles(response) == ["Fin du mois"]
    assert "Ce mois-ci" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("du=2026-02-30", "la date «\u00a02026-02-30\u00a0» n’existe pas"),
        ("type=concert", "Le filtre «\u00a0Type\u00a0» a une valeur que nous ne connaissons pas"),
        ("du=2020-12-05&au=2020-12-01", "La date de fin («\u00a0Au\u00a0») précède"),
        ("au=9999-12-31", "la date «\u00a09999-12-31\u00a0» n’existe pas"),  # no day after
        ("du=0001-01-01", "sort des années 1900 à 2999"),  # before year 1 in UTC
    ],
)
def test_bad_input_answers_400_in_french_and_is_not_stored(client, make_event, query, message):
    make_event()
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert len(titles(response)) == 1  # the list, without the filter it could not read


@pytest.mark.parametrize(
    "url", ["/agenda/passes/", "/agenda/agenda.ics", "/agenda/export.json", "/agenda/export.csv"]
)
def test_dates_at_the_ends_of_the_calendar_are_a_400_not_a_500(client, make_event, url):
    make_event()
    response = client.get(f"{url}?du=0001-01-01&au=9999-12-31")
    assert response.status_code == 400


def test_made_up_parameters_are_redirected_to_the_canonical_address(client):
    response = client.get("/agenda/?foo=1&type=&format=en-ligne")
    assert response.status_code == 302
    assert response["Location"] == "/agenda/?format=en-ligne"


def test_event_page_says_what_when_where_who(client, event, centre):
    response = client.get("/agenda/rencontre-chefs-de-projet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jeudi 5 décembre 2030, de 9\u00a0h\u00a030 à 12\u00a0h" in html
    assert "Maison des projets" in html and "69003 Lyon" in html
    assert f'<a href="/centres/{centre.slug}/">Labo Cités</a>' in html
    assert 'href="https://example.org/inscription"' in html
    assert 'href="/agenda/rencontre-chefs-de-projet/evenement.ics">Ajouter à mon agenda' in html
    assert (
        '<link rel="canonical" href="http://testserver/agenda/rencontre-chefs-de-projet/">' in html
    )


def test_cancelled_event_says_so_at_the_top_with_its_reason(client, event):
    event.status, event.status_reason = "annule", "Intervenant malade"
    event.save()
    html = client.get(event.get_absolute_url()).content.decode()
    status = html.index("Cet événement est annulé.")
    assert status < html.index("<h1>")
    assert "Intervenant malade" in html


def test_draft_is_404_for_visitors_and_visible_to_staff(client, event, staff_user):
    event.is_published = False
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"{event.get_absolute_url()}evenement.ics").status_code == 404
    client.force_login(staff_user)
    assert "Brouillon" in client.get(event.get_absolute_url()).content.decode()


def test_json_ld_describes_the_event(client, event, centre):
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2030-12-05T09:30:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["organizer"] == [
        {
            "@type": "Organization",
            "name": "Labo Cités",
            "url": "http://testserver/centres/labo-cites/",
        }
    ]
    assert data["location"]["address"]["postalCode"] == "69003"
    assert data["offers"]["url"] == "https://example.org/inscription"
    assert data["offers"]["price"] == 0


def test_open_graph_names_the_event_once(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    assert html.count('property="og:title"') == html.count('property="og:url"') == 1
    assert f'<meta property="og:title" content="{event.title}">' in html
    url = f"http://testserver{event.get_absolute_url()}"
    assert f'<meta property="og:url" content="{url}">' in html


def test_json_ld_of_an_online_cancelled_event(client, make_event):
    event = make_event(
        format="en-ligne", city="", postcode="", online_url="https://visio.example.org/x"
    )
    event.status = "annule"
    event.save()
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://visio.example.org/x"}
    assert "offers" not in data


def test_home_and_centre_pages_show_the_next_events(client, make_event, centre):
    make_event(title="Prochain atelier du centre")
    assert "Prochain atelier du centre" in client.get("/").content.decode()
    html = client.get(f"/centres/{centre.slug}/").content.decode()
    assert "Prochain atelier du centre" in html
    assert 'href="/agenda/?centre=labo-cites"' in html


def test_sitemap_lists_published_events(client, event, make_event):
    make_event(slug="brouillon", is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/agenda/rencontre-chefs-de-projet/</loc>" in xml
    assert "<loc>http://testserver/agenda/</loc>" in xml
    assert "brouillon" not in xml


def test_header_links_to_the_agenda(client):
    assert '<a href="/agenda/">Agenda</a>' in client.get("/centres/").content.decode()


@pytest.mark.parametrize(
    "url", ["/agenda/", "/agenda/passes/", "/", "/agenda/agenda.ics", "/agenda/export.json"]
)
def test_lists_run_at_most_four_queries_whatever_the_number_of_events(
    client, make_event, settings, app_queries, url
):
    settings.PUBLIC_CACHE_ENABLED = False
    for n in range(3):
        make_event(starts_at=paris(2020, 1, n + 1, 9), ends_at=paris(2020, 1, n + 1, 10))
        make_event(themes=Theme.objects.all()[:2])
    client.get(url)  # the version's shared data (choices, navigation)
    with app_queries() as few:
        client.get(url)
    for n in range(12):
        make_event(starts_at=paris(2020, 2, n + 1, 9), ends_at=paris(2020, 2, n + 1, 10))
        make_event()
    client.get(url)
    with app_queries() as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) <= 4, many
    assert len(many) == len(few)


@pytest.mark.parametrize("suffix", ["", "evenement.ics"])
def test_event_page_runs_at_most_four_queries(client, event, settings, app_queries, suffix):
    settings.PUBLIC_CACHE_ENABLED = False
    url = event.get_absolute_url() + suffix
    client.get(url)
    with app_queries() as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 4, queries


def test_centre_page_stays_within_four_queries(client, make_event, centre, settings, app_queries):
    settings.PUBLIC_CACHE_ENABLED = False
    make_event()
    client.get(centre.get_absolute_url())
    with app_queries() as queries:
        client.get(centre.get_absolute_url())
    assert len(queries) <= 4, queries


def test_the_agenda_draws_its_events_once_per_content_version(
    client, make_event, settings, monkeypatch
):
    from crpv import fragments

    settings.PUBLIC_CACHE_ENABLED = False  # the page built each time, its items kept
    make_event(title="Premier")
    make_event(title="Second")
    assert titles(client.get("/agenda/")) == ["Premier", "Second"]
    drawn = []
    draw = fragments.render_to_string
    monkeypatch.setattr(
        fragments,
        "render_to_string",
        lambda name, context: drawn.append(context["event"].title) or draw(name, context),
    )
    assert titles(client.get("/agenda/")) == ["Premier", "Second"]
    assert drawn == []
    make_event(title="Troisième")  # a new content version: every item drawn again
    assert titles(client.get("/agenda/")) == ["Premier", "Second", "Troisième"]
    assert sorted(drawn) == ["Premier", "Second", "Troisième"]


def test_renaming_an_organiser_shows_at_once_in_the_agenda(client, event, centre):
    assert centre.name in client.get("/agenda/").content.decode()
    centre.name = "Centre au nouveau nom"
    centre.save()
    assert "Centre au nouveau nom" in client.get("/agenda/").content.decode()


def test_a_drawn_event_deleted_meanwhile_is_left_out(client, make_event, settings):
    settings.PUBLIC_CACHE_ENABLED = False
    kept, deleted = make_event(title="Gardé"), make_event(title="Supprimé")
    from events.views import by_month

    rows = [(kept.pk, kept.starts_at), (deleted.pk, deleted.starts_at)]
    deleted.delete()
    months = by_month(rows, past=False)
    assert [items.count('<li class="event-item') for _month, items in months] == [1]
    assert "Gardé" in months[0][1]


def test_territory_filters_read_the_territory_not_every_event(db):
    # An OR across joins from the events to their organisers' départements read every event
    # with all its organisers (benchmarks/README.md): the territory is read by subqueries.
    from events.models import Event

    sql = str(Event.objects.in_territory(region__code="84").query)
    assert sql.count('"events_event" ') == 1, sql  # not read again in a subquery


def test_event_page_runs_no_query_once_drawn_in_a_version(client, event, settings, app_queries):
    settings.PUBLIC_CACHE_ENABLED = False
    client.get(event.get_absolute_url())
    with app_queries() as queries:
        assert client.get(event.get_absolute_url()).status_code == 200
    assert queries == []


def test_a_draft_event_read_by_staff_stays_hidden_from_visitors(
    client, admin_client, make_event, settings
):
    settings.PUBLIC_CACHE_ENABLED = False
    draft = make_event(title="Brouillon", is_published=False)
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_an_edit_shows_at_once_on_the_event_page(client, event, centre, settings):
    settings.PUBLIC_CACHE_ENABLED = False  # the body's fragment alone is kept
    url = event.get_absolute_url()
    assert "Maison des projets" in client.get(url).content.decode()
    event.venue = "Salle des fêtes"
    event.save()
    centre.name = "Centre renommé"
    centre.save()
    html = client.get(url).content.decode()
    assert "Salle des fêtes" in html and "Centre renommé" in html


def test_a_published_draft_loses_its_preview_notice(client, admin_client, make_event, settings):
    settings.PUBLIC_CACHE_ENABLED = False
    draft = make_event(title="Brouillon", is_published=False)
    assert (
        "seule l’équipe connectée le voit"
        in admin_client.get(draft.get_absolute_url()).content.decode()
    )
    draft.is_published = True
    draft.save()
    assert (
        "seule l’équipe connectée le voit"
        not in client.get(draft.get_absolute_url()).content.decode()
    )


def test_an_edit_shows_at_once_on_the_stored_agenda(client, event):
    assert "Rencontre régionale" in client.get("/agenda/").content.decode()
    event.title = "Titre changé"
    event.save()
    assert "Titre changé" in client.get("/agenda/").content.decode()


def test_a_new_day_sets_a_new_content_version(client, monkeypatch):
    from crpv.cache import content_version
    from events import middleware

    client.get("/agenda/")
    before = content_version()
    client.get("/agenda/")
    assert content_version() == before
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(middleware.timezone, "localdate", lambda: tomorrow)
    client.get("/agenda/")
    assert content_version() > before


H = "\u00a0h"


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        (
            paris(2026, 12, 3, 9, 30),
            paris(2026, 12, 3, 12),
            False,
            f"jeudi 3 décembre 2026, de 9{H}\u00a030 à 12{H}",
        ),
        (paris(2026, 12, 1, 0), paris(2026, 12, 1, 23), True, "mardi 1er décembre 2026"),
        (
            paris(2026, 12, 3, 0),
            paris(2026, 12, 4, 0),
            True,
            "du jeudi 3 au vendredi 4 décembre 2026",
        ),
        (
            paris(2026, 12, 31, 9),
            paris(2027, 1, 1, 17),
            False,
            f"du jeudi 31 décembre 2026 à 9{H} au vendredi 1er janvier 2027 à 17{H}",
        ),
    ],
)
def test_dates_are_written_the_french_way(start, end, all_day, expected):
    assert when(start, end, all_day) == expected


def test_agenda_pages_are_valid_html(client, event, make_event):
    from tests.checkers import vnu_errors

    make_event(format="hybride", online_url="https://visio.example.org", status="reporte")
    pages = {
        url: client.get(url).content.decode()
        for url in (
            "/agenda/",
            "/agenda/?type=seminaire&du=2030-02-30",
            "/agenda/passes/",
            event.get_absolute_url(),
            "/",
        )
    }
    assert vnu_errors(pages) == {url: [] for url in pages}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("69003", {"À Lyon", "En ligne"}),  # a postcode: held there, and online events
        ("Rhône", {"À Lyon", "En ligne"}),
        ("Paris", {"À Paris", "En ligne"}),  # a commune: its département
        ("75", {"À Paris", "En ligne"}),
    ],
)
def test_where_reads_a_territory_like_the_directory(client, make_event, make_centre, q, expected):
    paris_centre = make_centre(name="Centre parisien", slug="centre-parisien", departements=("75",))
    make_event(title="À Lyon")
    make_event(title="À Paris", centres=[paris_centre], city="Paris", postcode="75011")
    make_event(
        title="En ligne",
        centres=[paris_centre],
        format="en-ligne",
        city="",
        postcode="",
        online_url="https://visio.example.org",
    )
    response = client.get("/agenda/", {"q": q})
    assert set(titles(response)) == expected
    assert "Territoire reconnu" in response.content.decode()


def test_where_not_understood_says_so_and_is_not_stored(client, make_event):
    make_event()
    response = client.get("/agenda/?q=Atlantide")
    assert response.status_code == 200
    assert "Nous n’avons reconnu ni une commune" in response.content.decode()
    assert titles(response) == []
    assert "private" in response["Cache-Control"]


def test_where_keeps_the_list_within_four_queries(client, make_event, settings, app_queries):
    settings.PUBLIC_CACHE_ENABLED = False
    make_event()
    for q in ("69003", "Lyon", "Occitanie"):
        client.get(f"/agenda/?q={q}")
        with app_queries() as queries:
            client.get(f"/agenda/?q={q}")
        assert len(queries) <= 4, (q, queries)
