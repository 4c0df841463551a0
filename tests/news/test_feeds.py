"""RSS and Atom feeds of the news (crpv.feeds, news.feeds)."""

import feedparser
import pytest

from centres.models import Theme
from tests.news.conftest import ago

pytestmark = pytest.mark.django_db

FEEDS = ["/actualites/flux.rss", "/actualites/flux.atom"]


def parsed(response):
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_valid_with_absolute_urls_from_the_site_url(client, settings, make_news, url):
    settings.SITE_URL = "https://www.crpv.example"
    settings.ALLOWED_HOSTS = ["testserver", "autre.example"]
    make_news(title="Appel « Quartiers & emploi »", slug="appel-emploi")
    response = client.get(url, HTTP_HOST="autre.example")
    assert response.status_code == 200
    assert b"autre.example" not in response.content
    feed = parsed(response)
    assert feed.feed.language == "fr"
    assert feed.feed.link == "https://www.crpv.example/actualites/"
    [entry] = feed.entries
    assert entry.title == "Appel «\u00a0Quartiers & emploi\u00a0»"
    assert entry.link == "https://www.crpv.example/actualites/appel-emploi/"
    assert entry.author == "Labo Cités"


@pytest.mark.parametrize("url", FEEDS)
def test_newest_first_without_drafts_or_scheduled_items(client, make_news, url):
    make_news(title="Ancienne", published_at=ago(days=3))
    make_news(title="Récente", published_at=ago(minutes=3))
    make_news(title="Brouillon", is_published=False)
    make_news(title="Programmée", published_at=ago(hours=-1))
    assert titles(parsed(client.get(url))) == ["Récente", "Ancienne"]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_of_a_centre_and_of_a_theme(client, make_news, make_centre, url):
    theme = Theme.objects.get(slug="cohesion-sociale")
    other = make_centre(name="Autre centre", slug="autre-centre")
    make_news(title="Du centre", themes=[theme])
    make_news(title="De l’autre", centres=[other])
    assert titles(parsed(client.get(f"{url}?centre=autre-centre"))) == ["De l’autre"]
    feed = parsed(client.get(f"{url}?theme=cohesion-sociale"))
    assert titles(feed) == ["Du centre"]
    assert "Cohésion sociale" in feed.feed.title


@pytest.mark.parametrize("query", ["centre=inconnu", "theme=inconnu"])
@pytest.mark.parametrize("url", FEEDS)
def test_an_unknown_centre_or_theme_is_a_404(client, make_news, url, query):
    make_news()
    assert client.get(f"{url}?{query}").status_code == 404


def test_the_list_announces_its_feeds_and_shows_a_follow_link(client, make_news):
    make_news()
    html = client.get("/actualites/?theme=cohesion-sociale").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Actualités — Réseau CRPV — '
        'thème «\u00a0Cohésion sociale\u00a0» (RSS)" '
        'href="http://testserver/actualites/flux.rss?theme=cohesion-sociale">'
    ) in html
    assert (
        '<a class="follow-feed" href="http://testserver/actualites/flux.rss?theme=cohesion-sociale"'
        ' type="application/rss+xml">Suivre (RSS)</a>'
    ) in html
