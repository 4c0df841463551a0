import re

import pytest
from django.conf import settings
from django.urls import reverse

from pages.models import HomePage, Page, Status

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def nav(response, label):
    """Return the HTML of the <nav> with this aria-label."""
    match = re.search(rf'<nav[^>]*aria-label="{label}".*?</nav>', html(response), re.DOTALL)
    assert match, label
    return match.group(0)


# Home page


def test_home_shows_the_editable_texts_and_the_search_box(client):
    home = HomePage.objects.get()
    home.title = "Bienvenue sur le portail"
    home.save()
    response = client.get("/")
    assert response.status_code == 200
    content = html(response)
    assert '<h1 id="home-title">Bienvenue sur le portail</h1>' in content
    assert 'role="search"' in content
    assert "Réunir les acteurs" in content
    assert f'href="{reverse("centres:list")}#carte"' in content
    assert 'href="/le-reseau/"' in content


def test_home_works_without_its_row(client, no_pages):
    response = client.get("/")
    assert response.status_code == 200
    assert "Les centres de ressources politique de la ville" in html(response)


def test_home_figures_follow_the_directory(client, make_centre):
    make_centre(departements=("69", "01"))  # Auvergne-Rhône-Alpes
    make_centre(departements=("38",))  # the same région, another département
    make_centre(departements=("972",))  # Martinique
    make_centre(departements=("75",), is_published=False)
    figures = client.get("/").context["figures"]
    assert figures == {
        "centres": 3,
        "regions": 2,
        "regions_overseas": 1,
        "departements": 4,
        "departements_overseas": 1,
    }


def test_home_figures_are_plural_only_from_two(client, make_centre):
    make_centre(departements=("69",))
    content = html(client.get("/"))
    assert "1</span> centre de ressources" in content
    assert "1</span> région desservie" in content


def test_home_runs_a_constant_number_of_queries(client, make_centre, app_queries):
    make_centre()
    with app_queries() as first:
        assert client.get("/").status_code == 200
    assert len(first) <= 12
    for code in ("01", "38", "972", "973", "93"):
        make_centre(departements=(code,))
    with app_queries() as again:
        assert client.get("/").status_code == 200
    # No more (fewer: the navigation, read from the pages only, is kept after a centre's edit).
    assert len(again) <= len(first)


# Content pages


def test_page_shows_title_intro_and_cleaned_body(client, make_page):
    page = make_page(title="Nos missions", intro="En bref.")
    page.body = "<p>Le <em>texte</em></p><script>x()</script>"
    page.save()  # as a restore or a script would: save() cleans, whatever the path
    response = client.get("/" + page.slug + "/")
    content = html(response)
    assert "<h1>Nos missions</h1>" in content and "En bref." in content
    assert "<p>Le <em>texte</em></p>" in content
    assert "x()" not in content


def test_an_edit_shows_at_once(client, make_page):
    page = make_page(title="Avant")
    assert "Avant" in html(client.get(page.get_absolute_url()))
    page.title = "Après"
    page.save()
    assert "Après" in html(client.get(page.get_absolute_url()))


def test_draft_is_a_404_for_visitors(client, make_page):
    draft = make_page(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_draft_is_previewed_by_staff(client, make_page, staff_user):
    draft = make_page(status=Status.DRAFT, title="Page en chantier")
    client.force_login(staff_user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Aperçu" in html(response) and "Page en chantier" in html(response)


def test_child_of_a_draft_is_a_404_for_visitors(client, make_page):
    parent = make_page(status=Status.DRAFT)
    child = make_page(parent=parent)
    assert client.get(child.get_absolute_url()).status_code == 404


def test_missing_page_is_a_404(client):
    assert client.get("/cette-page-n-existe-pas/").status_code == 404
    assert client.get("/le-reseau/inconnue/").status_code == 404


def test_sub_page_has_one_address(client, make_page):
    parent = make_page(slug="le-club")
    make_page(slug="autre")
    child = make_page(slug="adhesion", parent=parent)
    assert client.get("/adhesion/").url == "/le-club/adhesion/"
    assert client.get("/autre/adhesion/").url == "/le-club/adhesion/"
    assert client.get(child.get_absolute_url()).status_code == 200


def test_sub_page_has_breadcrumbs(client, make_page):
    parent = make_page(title="Le club", slug="le-club")
    child = make_page(title="Adhésion", parent=parent)
    crumbs = nav(client.get(child.get_absolute_url()), "Fil d’Ariane")
    assert '<a href="/">Accueil</a>' in crumbs
    assert '<a href="/le-club/">Le club</a>' in crumbs
    assert '<li aria-current="page">Adhésion</li>' in crumbs


def test_parent_lists_its_published_children(client, make_page):
    parent = make_page()
    make_page(title="Visible", parent=parent)
    make_page(title="Caché", parent=parent, status=Status.DRAFT)
    content = html(client.get(parent.get_absolute_url()))
    assert "Visible" in content and "Caché" not in content


def test_meta_description(client, make_page):
    page = make_page(intro="Introduction courte.", meta_description="Pour les moteurs.")
    assert '<meta name="description" content="Pour les moteurs.">' in html(
        client.get(page.get_absolute_url())
    )


def test_open_data_address_redirects_to_the_directory(client):
    response = client.get("/donnees-ouvertes/")
    assert response.status_code == 301
    assert response.url == "/centres/donnees-ouvertes/"


# Navigation


def test_menu_follows_page_order_and_marks_the_current_page(client, no_pages, make_page):
    make_page(title="Deuxième", slug="deuxieme", menu_position=2)
    first = make_page(title="Première", slug="premiere", menu_position=1)
    make_page(title="Brouillon", slug="brouillon", menu_position=0, status=Status.DRAFT)
    menu = nav(client.get(first.get_absolute_url()), "Menu principal")
    labels = re.findall(r">([^<>]+)</a>", menu)
    assert labels == [
        "Trouver un centre",
        "Agenda",
        "Ressources",
        "Actualités",
        "Première",
        "Deuxième",
    ]
    assert '<a href="/premiere/" aria-current="page">Première</a>' in menu
    assert '<a href="/deuxieme/">Deuxième</a>' in menu


def test_menu_marks_the_section_of_a_sub_page(client, no_pages, make_page):
    parent = make_page(title="Le club", slug="le-club", menu_position=1)
    child = make_page(parent=parent)
    menu = nav(client.get(child.get_absolute_url()), "Menu principal")
    assert '<a href="/le-club/" aria-current="true">Le club</a>' in menu


def test_footer_carries_accessibility_legal_and_open_data_links(client):
    footer = nav(client.get("/"), "Pied de page")
    assert '<a href="/accessibilite/">Accessibilité\u00a0: non conforme</a>' in footer
    assert '<a href="/mentions-legales/">Mentions légales</a>' in footer
    assert '<a href="/donnees-personnelles/">Données personnelles</a>' in footer
    assert '<a href="/centres/donnees-ouvertes/">Données ouvertes</a>' in footer
    assert footer.index("Mentions légales") < footer.index("Données personnelles")
    assert footer.count("accessibilite") == 1 and footer.count("donnees-ouvertes") == 1


def test_accessibility_status_is_editable(client):
    home = HomePage.objects.get()
    home.accessibility_status = "Accessibilité : partiellement conforme"
    home.save()
    assert "Accessibilité\u00a0: partiellement conforme</a>" in nav(client.get("/"), "Pied de page")


def test_footer_keeps_the_status_when_the_statement_is_a_draft(client):
    Page.objects.filter(slug="accessibilite").update(status=Status.DRAFT)
    footer = nav(client.get("/"), "Pied de page")
    assert "Accessibilité\u00a0: non conforme" in footer
    assert 'href="/accessibilite/"' not in footer


def test_directory_pages_get_the_same_navigation(client, centre):
    response = client.get(reverse("centres:list"))
    assert 'aria-current="page">Trouver un centre</a>' in nav(response, "Menu principal")
    assert "Mentions légales" in nav(response, "Pied de page")


def test_the_admin_never_builds_the_navigation(client, staff_user, app_queries):
    client.force_login(staff_user)
    with app_queries() as queries:
        assert client.get(f"/{settings.ADMIN_URL}/").status_code == 200
    # Drawn by the public base template only: the admin runs none of its queries.
    assert not [sql for sql in queries if "menu_position" in sql or "footer_position" in sql]


def test_the_navigation_drawn_for_one_page_marks_the_right_link_on_the_next(client, centre):
    # Header and footer are kept per version and per state of their links: each page still
    # gets its own aria-current.
    home = nav(client.get("/"), "Menu principal")
    assert 'aria-current="page">Trouver un centre' not in home
    directory = nav(client.get(reverse("centres:list")), "Menu principal")
    assert 'aria-current="page">Trouver un centre</a>' in directory
    centre_page = nav(client.get(centre.get_absolute_url()), "Menu principal")
    assert 'aria-current="true">Trouver un centre</a>' in centre_page
    legal = client.get("/mentions-legales/")
    assert 'aria-current="page">Mentions légales</a>' in nav(legal, "Pied de page")
    assert 'aria-current="page">Mentions légales' not in nav(client.get("/"), "Pied de page")


def test_header_and_footer_are_drawn_once_per_version_of_the_pages(client, settings):
    settings.PUBLIC_CACHE_ENABLED = False
    drawn = ("includes/header.html", "includes/footer.html")

    def templates(url):
        return {template.name for template in client.get(url).templates}

    assert set(drawn) <= templates("/centres/")
    assert not set(drawn) & templates("/centres/")
    # Another current link: drawn for it; then kept too.
    assert set(drawn) <= templates("/mentions-legales/")
    assert not set(drawn) & templates("/mentions-legales/")
    page = Page.objects.get(slug="mentions-legales")
    page.title = "Mentions légales et crédits"
    page.save()
    assert set(drawn) <= templates("/centres/")
    assert "Mentions légales et crédits" in nav(client.get("/centres/"), "Pied de page")


def test_sitemap_lists_every_published_content_page(client, make_page):
    parent = make_page(title="Le réseau", slug="reseau-test")
    make_page(title="Une sous-page", slug="sous-page", parent=parent)
    make_page(title="Brouillon", slug="brouillon-test", status=Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/reseau-test/</loc>" in xml
    assert "<loc>http://testserver/reseau-test/sous-page/</loc>" in xml
    assert "brouillon-test" not in xml
    assert xml.count("<loc>http://testserver/centres/donnees-ouvertes/</loc>") == 1


@pytest.mark.parametrize("url", ["/", "/centres/", "/centres/donnees-ouvertes/", "/le-reseau/"])
def test_every_public_page_has_open_graph_with_the_network_image(client, url):
    html = client.get(url).content.decode()
    for prop in ("og:type", "og:locale", "og:site_name", "og:title", "og:description"):
        assert f'<meta property="{prop}" content="' in html, prop
    assert f'<meta property="og:url" content="http://testserver{url}">' in html
    image = re.search(r'<meta property="og:image" content="http://testserver([^"]+)">', html)
    assert image and image[1].endswith(".png")
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html


def test_the_open_graph_image_is_a_static_png_of_1200_by_630():
    from django.contrib.staticfiles import finders

    path = finders.find("img/reseau-crpv-1200x630.png")
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 630)
