"""The « Plan du site » (/plan-du-site/) and the national team's contact page (/contact/):
what they list, how they are reached from the footer, and their queries."""

import re

import pytest
from django.urls import reverse

from pages.models import Page, Status
from pages.site_map import site_map

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def section(response, heading):
    """Return the HTML of the site map's section titled ``heading``."""
    match = re.search(rf"<h2[^>]*>{heading}</h2>.*?</section>", html(response), re.DOTALL)
    assert match, heading
    return match.group(0)


def footer(response):
    return re.search(r'<nav[^>]*aria-label="Pied de page".*?</nav>', html(response), re.S)[0]


def test_site_map_lists_every_public_section(client):
    response = client.get("/plan-du-site/")
    assert response.status_code == 200
    sections = section(response, "Rubriques")
    for path, title in [
        ("/", "Accueil"),
        ("/centres/", "Annuaire des centres"),
        ("/agenda/", "Agenda"),
        ("/agenda/passes/", "Événements passés"),
        ("/ressources/", "Ressources"),
        ("/actualites/", "Actualités"),
    ]:
        assert f'<a href="{path}">{title}</a>' in sections


def test_site_map_lists_the_menu_pages_with_their_sub_pages_then_the_others(client, make_page):
    make_page(title="Une page hors du menu", slug="hors-menu")
    make_page(title="Un brouillon", slug="brouillon", status=Status.DRAFT)
    response = client.get("/plan-du-site/")
    network = section(response, "Le réseau")
    assert network.index('href="/les-centres-de-ressources/"') < network.index('href="/le-reseau/"')
    assert '<a href="/le-reseau/question-de-ville/">Question de Ville</a>' in network
    assert '<a href="/hors-menu/">Une page hors du menu</a>' in section(response, "Autres pages")
    assert "Un brouillon" not in html(response)


def test_site_map_lists_contact_open_data_legal_pages_and_feeds(client):
    response = client.get("/plan-du-site/")
    practical = section(response, "Informations pratiques")
    for path in (
        "/contact/",
        "/centres/donnees-ouvertes/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/accessibilite/",
    ):
        assert f'href="{path}"' in practical, path
    assert "Autres pages" not in html(response)  # every initial page is in a group: no empty one
    feeds = section(response, "Flux et abonnements")
    for name in ("news:rss", "news:atom", "events:rss", "events:atom", "events:feed"):
        assert f'href="{reverse(name)}"' in feeds, name


def test_every_link_of_the_site_map_answers(client):
    response = client.get("/plan-du-site/")
    paths = set(re.findall(r'href="(/[^"]*)"', html(response).split("<main", 1)[1]))
    for path in sorted(paths):
        assert client.get(path).status_code == 200, path


def test_site_map_is_built_once_per_content_version(client, app_queries):
    client.get("/plan-du-site/")
    with app_queries() as queries:
        site_map()
    assert not [sql for sql in queries if "pages_page" in sql]
    page = Page.objects.get(slug="mentions-legales")
    page.title = "Mentions légales du portail"
    page.save()  # a new version: the map is built again
    assert "Mentions légales du portail" in str(site_map())


def test_a_page_cannot_take_the_address_of_the_site_map_or_of_a_section(make_page):
    from django.core.exceptions import ValidationError

    for slug in ("plan-du-site", "ressources", "actualites", "recherche"):
        with pytest.raises(ValidationError, match="déjà prise"):
            make_page(slug=slug)


def test_footer_links_the_site_map_and_the_contact_page(client):
    links = footer(client.get("/"))
    assert '<a href="/plan-du-site/">Plan du site</a>' in links
    assert '<a href="/contact/">Contact</a>' in links
    assert 'aria-current="page">Plan du site' in footer(client.get("/plan-du-site/"))


def test_contact_page_says_where_to_write_with_no_form(client):
    response = client.get("/contact/")
    assert response.status_code == 200
    content = html(response).split("<main", 1)[1]
    assert "<h1>Contact</h1>" in content
    assert "Écrire à l’équipe nationale" in content
    assert "Agence nationale de la cohésion des territoires" in content
    assert "Question de Ville" in content
    assert 'href="/centres/"' in content  # a centre's own questions go to the centre
    assert "<form" not in content.split("</main>")[0]


def test_contact_page_is_editable_content_listed_until_completed():
    page = Page.objects.get(slug="contact")
    assert page.is_published and page.footer_position == 3
    assert page in Page.objects.to_complete()  # the team's addresses, to fill in the admin
