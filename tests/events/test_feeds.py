"""RSS and Atom feeds of newly published events (crpv.feeds, events.feeds)."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from centres.models import Theme
from events.models import Event

pytestmark = pytest.mark.django_db

FEEDS = ["/agenda/flux.rss", "/agenda/flux.atom"]


def parsed(response):
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_valid_and_links_to_the_event_pages_on_the_site_url(
    client, settings, make_event, url
):
    settings.SITE_URL = "https://www.crpv.example"
    make_event(title="Webinaire « Emploi & quartiers »", slug="webinaire-emploi")
    response = client.get(url)
    assert response.status_code == 200
    feed = parsed(response)
    assert feed.feed.language == "fr"
    assert feed.feed.title == "Nouveaux événements — Réseau CRPV"
    assert feed.feed.link == "https://www.crpv.example/agenda/"
    [entry] = feed.entries
    assert entry.title == "Webinaire «\u00a0Emploi & quartiers\u00a0»"
    assert entry.link == "https://www.crpv.example/agenda/webinaire-emploi/"
    assert entry.id == "https://www.crpv.example/agenda/webinaire-emploi/"
    assert "Séminaire — " in entry.summary and "Lyon" in entry.summary
    assert entry.author == "Labo Cités"


@pytest.mark.parametrize("url", FEEDS)
def test_the_host_header_changes_no_url_in_the_feed(client, settings, make_event, url):
    settings.ALLOWED_HOSTS = ["testserver", "autre.example"]
    settings.SITE_URL = "https://www.crpv.example"
    settings.PUBLIC_CACHE_ENABLED = False  # each response built for its own request
    make_event(slug="seminaire-lyon")
    ours = client.get(url).content
    other = client.get(url, HTTP_HOST="autre.example", secure=True).content
    assert b"autre.example" not in other
    assert b"https://www.crpv.example/agenda/seminaire-lyon/" in other
    assert parsed_links(ours) == parsed_links(other)


def parsed_links(content):
    feed = feedparser.parse(content)
    return (
        feed.feed.link,
        [link.href for link in feed.feed.get("links", [])],
        [(entry.link, entry.id) for entry in feed.entries],
    )


def test_items_are_the_latest_published_first_and_drafts_never_appear(client, make_event):
    now = timezone.now()
    old = make_event(title="Publié il y a longtemps")
    new = make_event(title="Publié hier")
    make_event(title="Brouillon", is_published=False)
    Event.objects.filter(pk=old.pk).update(published_at=now - datetime.timedelta(days=30))
    Event.objects.filter(pk=new.pk).update(published_at=now - datetime.timedelta(days=1))
    past = make_event(
        title="Passé, publié à l’instant",
        starts_at=now - datetime.timedelta(days=100),
        ends_at=now - datetime.timedelta(days=100, hours=-2),
    )
    for url in FEEDS:
        assert titles(parsed(client.get(url))) == [past.title, new.title, old.title]


def test_an_event_gets_its_publication_date_once(make_event):
    draft = make_event(is_published=False)
    assert draft.published_at is None
    draft.is_published = True
    draft.save()
    first = draft.published_at
    assert first is not None
    draft.is_published = False
    draft.save()
    draft.is_published = True
    draft.published_at = None  # as a restored version, which carries none
    draft.save()
    assert Event.objects.get(pk=draft.pk).published_at == first


def test_the_feed_holds_fifty_events_at_most(client, make_event):
    for _ in range(52):
        make_event()
    assert len(parsed(client.get("/agenda/flux.rss")).entries) == 50


def test_a_cancelled_event_says_so_in_its_title(client, make_event):
    make_event(title="Atelier", status="annule", status_reason="Salle indisponible")
    [entry] = parsed(client.get("/agenda/flux.atom")).entries
    assert entry.title == "Annulé\u00a0: Atelier"
    assert "Salle indisponible" in entry.summary


@pytest.mark.parametrize("url", FEEDS)
def test_the_feed_of_a_centre_holds_its_events_only(client, make_event, make_centre, url):
    other = make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))
    make_event(title="Chez Labo Cités")
    make_event(title="Chez le voisin", centres=[other])
    make_event(title="Ensemble", centres=[other])
    feed = parsed(client.get(f"{url}?centre=centre-voisin"))
    assert sorted(titles(feed)) == ["Chez le voisin", "Ensemble"]
    assert feed.feed.title == "Nouveaux événements — Réseau CRPV — Centre voisin"
    assert feed.feed.link == "http://testserver/agenda/?centre=centre-voisin"


@pytest.mark.parametrize("url", FEEDS)
def test_the_feed_of_a_theme_holds_its_events_only(client, make_event, url):
    cohesion = Theme.objects.get(slug="cohesion-sociale")
    make_event(title="Cohésion", themes=[cohesion])
    make_event(title="Sans thème")
    feed = parsed(client.get(f"{url}?theme=cohesion-sociale"))
    assert titles(feed) == ["Cohésion"]
    assert "Cohésion sociale" in feed.feed.title
    assert feed.entries[0].tags[-1].term == "Cohésion sociale"


@pytest.mark.parametrize(
    "query",
    ["centre=inconnu", "theme=inconnu", "centre=brouillon"],
)
def test_an_unknown_centre_or_theme_is_a_404(client, make_event, make_centre, query):
    make_centre(slug="brouillon", is_published=False)
    make_event()
    for url in FEEDS:
        assert client.get(f"{url}?{query}").status_code == 404


def test_a_feed_with_unknown_parameters_is_redirected_to_its_canonical_address(client, centre):
    response = client.get("/agenda/flux.rss?utm_source=x&centre=labo-cites")
    assert response.status_code == 302
    assert response["Location"] == "/agenda/flux.rss?centre=labo-cites"


def test_a_centre_given_twice_is_redirected_to_one(client, centre):
    response = client.get("/agenda/flux.rss?centre=labo-cites&centre=labo-cites")
    assert response.status_code == 302
    assert response["Location"] == "/agenda/flux.rss?centre=labo-cites"


@pytest.mark.parametrize("path", ["/agenda/", "/agenda/passes/"])
def test_list_pages_announce_their_feeds_and_show_a_follow_link(client, make_event, path):
    make_event()
    html = client.get(path).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Nouveaux événements — Réseau CRPV (RSS)" href="http://testserver/agenda/flux.rss">'
    ) in html
    assert 'type="application/atom+xml"' in html
    assert '<a class="follow-feed" href="http://testserver/agenda/flux.rss"' in html
    assert "Suivre (RSS)</a>" in html


def test_a_filtered_list_announces_the_feed_of_its_centre_and_theme(client, make_event):
    make_event()
    html = client.get("/agenda/?centre=labo-cites&theme=cohesion-sociale&format=en-ligne")
    html = html.content.decode()
    feed = "http://testserver/agenda/flux.rss?centre=labo-cites&amp;theme=cohesion-sociale"
    assert f'href="{feed}"' in html
    # A value the list ignores is left out of the feed too.
    html = client.get("/agenda/?centre=inconnu").content.decode()
    assert 'href="http://testserver/agenda/flux.rss"' in html


@pytest.mark.parametrize("url", ["/agenda/flux.rss", "/agenda/flux.atom?theme=cohesion-sociale"])
def test_a_feed_runs_three_queries_whatever_the_number_of_events(
    client, settings, centre, make_event, make_centre, app_queries, url
):
    settings.PUBLIC_CACHE_ENABLED = False
    themes = list(Theme.objects.filter(slug="cohesion-sociale")) + list(Theme.objects.all()[:2])
    other = make_centre()
    counts = []
    for size in (2, 20):
        while Event.objects.count() < size:
            make_event(centres=[centre, other], themes=themes)
        client.get(url)  # builds the version's shared data (centres and themes named)
        with app_queries() as queries:
            feed = parsed(client.get(url))
        assert len(feed.entries) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] == 3, queries


def test_an_import_dates_the_events_it_publishes_and_keeps_earlier_dates(centre, staff_user):
    from crpv.spreadsheets.importer import import_file
    from events.resources import EventResource
    from tests.events.test_spreadsheets import csv_file, row

    rows = csv_file(row(), row(identifiant="brouillon", publie="non"))
    assert import_file(EventResource(), rows, user=staff_user, filename="a.csv").ok
    published = Event.objects.get(slug="atelier-emploi")
    assert published.published_at is not None
    assert Event.objects.get(slug="brouillon").published_at is None
    again = csv_file(row(titre="Nouveau titre"), row(identifiant="brouillon", publie="oui"))
    assert import_file(EventResource(), again, user=staff_user, filename="b.csv").ok
    assert Event.objects.get(slug="atelier-emploi").published_at == published.published_at
    assert Event.objects.get(slug="brouillon").published_at > published.published_at
