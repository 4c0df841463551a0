"""The site search, /recherche/: one list of every kind of content, its counts and filters,
the territory first when the query is a place, and bad input never a 500."""

import datetime
import re

import pytest
from django.utils import timezone

from centres.models import Theme
from tests.news.conftest import ago

URL = "/recherche/"


def results(response):
    """Return (kind label, title) of each result of the main list, in order."""
    html = response.content.decode()
    main = html.split('id="resultats"', 1)[1]
    found = re.findall(
        r'search-result__kind">([^<·]+).*?search-result__title"><a href="[^"]*">(.*?)</a>',
        main,
        flags=re.S,
    )
    return [(kind.strip(), re.sub(r"</?mark>", "", title)) for kind, title in found]


def titles(response):
    return [title for _kind, title in results(response)]


@pytest.fixture
def content(make_centre, make_event, make_resource, make_news, page):
    """One of each kind about « quartiers », and one about something else."""
    theme = Theme.objects.get(slug="cohesion-sociale")
    centre = make_centre(
        name="Ressources quartiers", slug="ressources-quartiers", city="Cergy", themes=[theme]
    )
    make_event(title="Forum des quartiers", centres=[centre], themes=[theme])
    make_resource(title="Étude sur les quartiers", centres=[centre])
    make_news(title="Les quartiers en fête", themes=[theme])
    page("Nos quartiers", body="<p>La politique de la ville.</p>")
    page("Autre chose")
    return centre


def test_empty_query_shows_the_form_and_help(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html
    assert "Comment chercher" in html
    assert 'id="resultats"' not in html


def test_every_kind_is_listed_with_its_french_name(client, content):
    response = client.get(URL, {"q": "quartier"})
    assert response.status_code == 200
    assert sorted(results(response)) == [
        ("Actualité", "Les quartiers en fête"),
        ("Centre", "Ressources quartiers"),
        ("Page", "Nos quartiers"),
        ("Ressource", "Étude sur les quartiers"),
        ("Événement", "Forum des quartiers"),
    ]


def test_results_are_ranked_title_before_body(client, page):
    page("Sans rapport", body="<p>Un mot sur la rénovation.</p>")
    page("La rénovation urbaine")
    assert titles(client.get(URL, {"q": "rénovations"})) == [
        "La rénovation urbaine",
        "Sans rapport",
    ]


def test_a_result_shows_a_passage_with_the_words_found(client, page):
    page("Un titre", body="<p>" + "Du texte. " * 50 + "Les jardins partagés du quartier.</p>")
    html = client.get(URL, {"q": "jardin"}).content.decode()
    assert "<mark>jardins</mark> partagés" in html
    assert "search-result__snippet" in html


def test_counts_by_kind_and_the_type_filter(client, content):
    response = client.get(URL, {"q": "quartier", "type": "evenement"})
    html = response.content.decode()
    assert results(response) == [("Événement", "Forum des quartiers")]
    # The counts are of every kind, whatever the kind shown.
    assert "Tout (5)" in html
    assert "Pages (1)" in html
    assert re.search(r'aria-current="page">Événements \(1\)', html)


def test_the_centre_filter_keeps_the_centre_and_its_content(client, content):
    response = client.get(URL, {"q": "quartier", "centre": "ressources-quartiers"})
    assert sorted(titles(response)) == [
        "Forum des quartiers",
        "Ressources quartiers",
        "Étude sur les quartiers",
    ]


def test_the_theme_filter_keeps_what_has_the_theme(client, content):
    response = client.get(URL, {"q": "quartier", "theme": "cohesion-sociale"})
    assert sorted(titles(response)) == [
        "Forum des quartiers",
        "Les quartiers en fête",
        "Ressources quartiers",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "quartier", "centre": "n-existe-pas"},
        {"q": "quartier", "theme": "x" * 300},
        {"q": "quartier", "type": "tout"},
    ],
)
def test_an_unknown_filter_value_is_said_and_ignored(client, content, params):
    response = client.get(URL, params, follow=True)  # a long value: first cut short
    assert response.status_code == 400
    assert "une valeur que nous ne connaissons pas" in response.content.decode()
    assert len(results(response)) == 5


@pytest.mark.parametrize(
    "q", ["\x00quartier", "quartier" * 100, "« » * ( ) NEAR OR", "'; DROP TABLE", "😀 🏘"]
)
def test_odd_queries_never_fail(client, content, q):
    response = client.get(URL, {"q": q}, follow=True)
    assert response.status_code == 200


def test_a_page_past_the_end_shows_the_last_one(client, content):
    response = client.get(URL, {"q": "quartier", "page": "9"})
    assert response.status_code == 200
    assert "qu’une page de résultats" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_results_come_twenty_a_page(client, page):
    for n in range(25):
        page(f"Quartier numéro {n}")
    first = client.get(URL, {"q": "quartier"})
    second = client.get(URL, {"q": "quartier", "page": "2"})
    assert len(titles(first)) == 20
    assert len(titles(second)) == 5
    assert "Page 2 sur 2" in second.content.decode()


def test_the_address_is_made_canonical(client, db):
    response = client.get("/recherche/?theme=&q=quartier&inconnu=1")
    assert response.status_code == 302
    assert response["Location"] == "/recherche/?q=quartier"


def test_a_past_event_is_marked_past(client, make_event):
    start = timezone.now() - datetime.timedelta(days=30)
    make_event(title="Ancien forum", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    make_event(title="Prochain forum")
    html = client.get(URL, {"q": "forum"}).content.decode()
    items = re.findall(r'<li class="search-result.*?</li>', html, flags=re.S)
    marked = {
        re.sub(r"<[^>]+>", "", re.search(r"<h3.*?</h3>", item, flags=re.S)[0]): "passé" in item
        for item in items
    }
    assert marked == {"Ancien forum": True, "Prochain forum": False}


def test_a_scheduled_news_item_is_found_only_from_its_time(client, make_news, monkeypatch):
    make_news(title="Annonce programmée sur l’habitat", published_at=ago(hours=-1))
    assert titles(client.get(URL, {"q": "habitat"})) == []
    moment = timezone.now() + datetime.timedelta(hours=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert titles(client.get(URL, {"q": "habitat"})) == ["Annonce programmée sur l’habitat"]


def test_a_place_shows_first_the_centre_serving_it_then_its_events_and_resources(
    client, centre, make_event, make_resource
):
    make_event(title="Atelier à Lyon")
    make_resource(title="Portrait de territoire")
    html = client.get(URL, {"q": "Villeurbanne"}).content.decode()
    territory = html.split('id="territoire-titre"', 1)[1].split('id="resultats"', 1)[0]
    assert "Le centre qui sert ce territoire" in html
    assert "Labo Cités" in territory
    assert "Atelier à Lyon" in territory
    assert "Portrait de territoire" in territory
    assert html.index("territoire-titre") < html.index("resultats-titre")


def test_a_word_that_is_no_place_shows_no_territory(client, content):
    html = client.get(URL, {"q": "quartier"}).content.decode()
    assert "territoire-titre" not in html


def test_results_are_not_indexed_by_search_engines(client, content):
    html = client.get(URL, {"q": "quartier"}).content.decode()
    assert '<meta name="robots" content="noindex">' in html


def test_a_search_that_finds_nothing_is_not_stored(client, db):
    response = client.get(URL, {"q": "zzzxqw"})
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_every_page_carries_the_search_box(client, db):
    html = client.get("/centres/").content.decode()
    assert 'action="/recherche/"' in html
