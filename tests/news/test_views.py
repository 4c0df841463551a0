"""The public news: list, filters, pages of 20, empty state, bad input, item page with its
JSON-LD and Open Graph, the home page, a centre's page, the sitemap and the header."""

import datetime
import json
import re

import pytest
from django.test import Client

from centres.models import Theme
from tests.news.conftest import ago, image_file

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(
        r'class="news-item__title"><a href="[^"]+">([^<]+)<', response.content.decode()
    )


def json_ld(response):
    html = response.content.decode()
    return json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_list_shows_published_items_newest_first(client, make_news):
    make_news(title="Ancienne", published_at=ago(days=10))
    make_news(title="Récente", published_at=ago(minutes=5))
    make_news(title="Brouillon", is_published=False)
    make_news(title="Programmée", published_at=ago(hours=-3))
    response = client.get("/actualites/")
    assert response.status_code == 200
    assert titles(response) == ["Récente", "Ancienne"]
    assert "2 actualités" in response.content.decode()


def test_list_is_paged_by_twenty(client, make_news):
    for n in range(21):
        make_news(title=f"Numéro {n:02}", published_at=ago(hours=n + 1))
    first = client.get("/actualites/")
    assert len(titles(first)) == 20
    assert "Page 1 sur 2" in first.content.decode()
    assert titles(client.get("/actualites/?page=2")) == ["Numéro 20"]


def test_filters_by_centre_region_and_theme(client, make_news, make_centre, centre):
    theme = Theme.objects.get(slug="cohesion-sociale")
    paris_centre = make_centre(
        name="Profession Banlieue", slug="profession-banlieue", departements=("93",)
    )
    make_news(title="De Lyon", themes=[theme])
    make_news(title="De Seine-Saint-Denis", centres=[paris_centre])
    make_news(title="Du réseau", is_national=True)
    assert titles(client.get("/actualites/?centre=profession-banlieue")) == ["De Seine-Saint-Denis"]
    # Auvergne-Rhône-Alpes: its centres' items, and the network's (test below).
    assert titles(client.get("/actualites/?region=84")) == ["De Lyon", "Du réseau"]
    assert titles(client.get("/actualites/?theme=cohesion-sociale")) == ["De Lyon"]


def test_the_region_filter_keeps_the_network_s_own_items_marked_as_such(
    client, make_news, make_centre
):
    paris_centre = make_centre(
        name="Profession Banlieue", slug="profession-banlieue", departements=("93",)
    )
    make_news(title="De Seine-Saint-Denis", centres=[paris_centre])
    make_news(title="Du réseau", is_national=True)
    make_news(title="Sans centre", centres=[])
    make_news(title="Du réseau et d’un centre", is_national=True, centres=[paris_centre])
    response = client.get("/actualites/?region=84")  # Auvergne-Rhône-Alpes: no centre here
    assert titles(response) == ["Du réseau", "Sans centre", "Du réseau et d’un centre"]
    assert response.content.decode().count("Réseau national des CRPV") == 3
    ile_de_france = titles(client.get("/actualites/?region=11"))
    assert ile_de_france == [
        "De Seine-Saint-Denis",
        "Du réseau",
        "Sans centre",
        "Du réseau et d’un centre",
    ]


def test_empty_state_offers_a_way_out(client, make_news):
    make_news()
    response = client.get("/actualites/?theme=cohesion-sociale")
    html = response.content.decode()
    assert "Aucune actualité ne correspond à ces filtres." in html
    assert 'href="/actualites/">voyez toutes les actualités' in html


def test_an_unknown_filter_value_is_a_400_with_a_french_message(client, make_news):
    make_news(title="Visible")
    response = client.get("/actualites/?theme=inconnu")
    assert response.status_code == 400
    assert (
        "Le filtre «\u00a0Thème\u00a0» a une valeur que nous ne connaissons pas"
        in response.content.decode()
    )
    assert titles(response) == ["Visible"]


def test_unknown_parameters_are_redirected_to_the_canonical_address(client):
    response = client.get("/actualites/?foo=1&theme=")
    assert response.status_code == 302
    assert response["Location"] == "/actualites/"


def test_item_page_with_news_article_json_ld_and_open_graph(client, settings, make_news, centre):
    settings.SITE_URL = "https://www.crpv.example"
    item = make_news(
        title="Appel à projets 2027",
        slug="appel-a-projets-2027",
        image=image_file(),
        image_alt="Des habitants réunis dans une salle.",
    )
    response = client.get("/actualites/appel-a-projets-2027/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'src="{item.image_url}"' in html
    assert item.image_url == f"/actualites/appel-a-projets-2027/images/{item.image_filename}"
    assert 'alt="Des habitants réunis dans une salle."' in html
    assert '<meta property="og:type" content="article">' in html
    image_url = f"https://www.crpv.example{item.image_url}"
    assert f'<meta property="og:image" content="{image_url}">' in html
    data = json_ld(response)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Appel à projets 2027"
    assert data["datePublished"].startswith(str(item.published_at.year))
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {
            "@type": "Organization",
            "name": "Labo Cités",
            "url": "https://www.crpv.example/centres/labo-cites/",
        }
    ]
    assert data["publisher"]["name"] == "Labo Cités"
    assert data["image"] == [image_url]


def test_the_network_publishes_its_own_items(client, make_news):
    make_news(slug="reseau", is_national=True)
    data = json_ld(client.get("/actualites/reseau/"))
    assert data["publisher"]["name"] == "Réseau des centres de ressources politique de la ville"


def test_drafts_and_scheduled_items_are_404_for_visitors_and_shown_to_staff(
    client, make_news, staff_user
):
    make_news(slug="brouillon", is_published=False)
    make_news(slug="programmee", published_at=ago(hours=-2))
    assert client.get("/actualites/brouillon/").status_code == 404
    assert client.get("/actualites/programmee/").status_code == 404
    client.force_login(staff_user)
    assert "Brouillon" in client.get("/actualites/brouillon/").content.decode()
    assert "Programmée" in client.get("/actualites/programmee/").content.decode()


def test_related_events_are_linked_when_published(client, make_news, make_event):
    shown = make_event(title="Séminaire lié")
    hidden = make_event(title="Séminaire en brouillon", is_published=False)
    make_news(slug="avec-evenements", events=[shown, hidden])
    html = client.get("/actualites/avec-evenements/").content.decode()
    assert f'href="{shown.get_absolute_url()}"' in html
    assert "Séminaire en brouillon" not in html


def test_related_resources_are_linked_when_published_with_type_and_date(
    client, make_news, make_resource
):
    shown = make_resource(title="Étude liée", published_on=datetime.date(2026, 3, 15))
    hidden = make_resource(title="Étude en brouillon", is_published=False)
    make_news(slug="avec-ressources", resources=[shown, hidden])
    html = client.get("/actualites/avec-ressources/").content.decode()
    section = html.split('id="ressources-liees"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="{shown.get_absolute_url()}">Étude liée</a> — Étude, mars 2026' in section
    assert "Étude en brouillon" not in html
    assert 'id="evenements-lies"' not in html  # no event: no empty section


def test_related_events_and_resources_share_one_list_shape(
    client, make_news, make_event, make_resource
):
    make_news(slug="avec-tout", events=[make_event()], resources=[make_resource()])
    html = client.get("/actualites/avec-tout/").content.decode()
    assert html.count('<section class="related-links"') == 2


def test_home_page_and_centre_page_show_the_latest_items(client, make_news, make_centre, centre):
    other = make_centre(name="Autre centre", slug="autre-centre")
    make_news(title="Du centre")
    make_news(title="D’un autre", centres=[other])
    make_news(title="Pas encore", published_at=ago(hours=-1))
    home = client.get("/").content.decode()
    assert "Actualités du réseau" in home and "Du centre" in home and "D’un autre" in home
    assert "Pas encore" not in home
    page = client.get(centre.get_absolute_url()).content.decode()
    assert "Actualités du centre" in page and "Du centre" in page
    assert "D’un autre" not in page
    assert 'href="/actualites/?centre=labo-cites"' in page


def test_sitemap_lists_the_list_and_the_public_items(client, make_news):
    make_news(slug="publique")
    make_news(slug="programmee", published_at=ago(hours=-1))
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/actualites/</loc>" in xml
    assert "http://testserver/actualites/publique/</loc>" in xml
    assert "programmee" not in xml


def test_the_header_links_to_the_news(client):
    html = client.get("/actualites/").content.decode()
    assert '<a href="/actualites/" aria-current="page">Actualités</a>' in html


def test_the_image_is_sent_by_the_site_only_while_the_item_is_public(client, make_news):
    item = make_news(slug="avec-image", image=image_file(), image_alt="Une salle.")
    response = client.get(item.image_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert client.get(item.image_url.replace(item.image_filename, "autre.jpg")).status_code == 404
    response = Client(enforce_csrf_checks=True).post(item.image_url)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    item.is_published = False
    item.save()
    assert client.get(item.image_url).status_code == 404
