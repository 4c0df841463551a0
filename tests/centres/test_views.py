import gzip
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from centres.models import Centre, Departement
from crpv.cache import bump_content_version

pytestmark = pytest.mark.django_db

LIST = "/centres/"


def listed(response):
    """Return the centres the directory page lists, in its order."""
    ids = [pk for pk, _updated_at in response.context["page_obj"].object_list]
    by_pk = Centre.objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids]


def card_names(response):
    return [centre.name for centre in listed(response)]


def text(response):
    return response.content.decode()


# The directory page


def test_directory_lists_published_centres_sorted_by_territory(client, network, make_centre):
    make_centre(name="Caché", slug="cache", departements=("77",), is_published=False)
    response = client.get(LIST)
    assert response.status_code == 200
    slugs = [c.slug for c in listed(response)]
    # Auvergne-Rhône-Alpes, Grand Est, Île-de-France (93 then 95), Occitanie (09… then 11…),
    # then overseas.
    assert slugs == [
        "labo-cites",
        "oriv",
        "profession-banlieue",
        "pole-ressources-95",
        "ressources-territoires",
        "villes-et-territoires",
        "cr-csur",
        "ville-caraibe",
    ]
    assert "8 centres" in text(response)
    assert "Caché" not in text(response)


def test_a_card_shows_territory_phone_website(client, network):
    html = text(client.get(LIST))
    assert '<a href="tel:+33478770143">04 78 77 01 43</a>' in html
    assert '<a href="tel:+596596686452">0596 68 64 52</a>' in html
    assert 'href="https://www.labo-cites.org"' in html
    assert "Auvergne-Rhône-Alpes" in html  # the whole région is served: named as such


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "76"}, ["Ressources & Territoires", "Villes et Territoires Occitanie"]),
        ({"departement": "93"}, ["Profession Banlieue"]),
        (
            {"zone": "outre-mer"},
            [
                "Centre de ressources de la cohésion sociale et urbaine de La Réunion",
                "Ville Caraïbe",
            ],
        ),
        ({"theme": "cohesion-sociale"}, ["Labo Cités"]),
        (
            {"forme": "gip"},
            [
                "Ressources & Territoires",
                "Centre de ressources de la cohésion sociale et urbaine de La Réunion",
            ],
        ),
        ({"forme": "association", "q": "saint denis"}, ["Profession Banlieue"]),
        ({"region": "11", "zone": "metropole"}, ["Profession Banlieue", "Pôle ressources"]),
    ],
)
def test_filters_combine_with_the_search(client, network, params, expected):
    response = client.get(LIST, params, follow=True)
    assert card_names(response) == expected


def test_metropolitan_filter_leaves_out_overseas(client, network):
    names = card_names(client.get(LIST, {"zone": "metropole"}))
    assert "Ville Caraïbe" not in names and "Labo Cités" in names


def test_filters_and_search_are_kept_in_links(client, network):
    html = text(client.get(LIST, {"q": "93", "forme": "association"}))
    assert 'href="/centres/export.csv?q=93&amp;forme=association"' in html
    # The search box keeps the active filters, the filter form keeps the query.
    assert '<input type="hidden" name="forme" value="association">' in html
    assert '<input type="hidden" name="q" value="93">' in html


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("rhone alpes", "Labo Cités"),
        ("RÉUNION", "Centre de ressources de la cohésion sociale et urbaine de La Réunion"),
        ("93", "Profession Banlieue"),
        ("97200", "Ville Caraïbe"),
        ("Cergy", "Pôle ressources"),
        ("Fort de France", "Ville Caraïbe"),
    ],
)
def test_search_box_leads_to_the_centre(client, network, query, name):
    response = client.get(LIST, {"q": query})
    assert card_names(response) == [name]
    assert "Territoire reconnu" in text(response)


def test_saint_denis_lists_both_centres(client, network):
    names = card_names(client.get(LIST, {"q": "Saint Denis"}))
    assert "Profession Banlieue" in names
    assert "Centre de ressources de la cohésion sociale et urbaine de La Réunion" in names


@pytest.mark.parametrize(
    ("query", "territory"),
    [
        ("2A", "la Corse-du-Sud (2A)"),
        ("Corse", "la région Corse"),
        ("Guadeloupe", "la Guadeloupe (971)"),
        ("Seine-et-Marne", "Seine-et-Marne (77)"),
        ("78", "les Yvelines (78)"),
        ("92", "les Hauts-de-Seine (92)"),
        ("94", "le Val-de-Marne (94)"),
    ],
)
def test_territory_without_centre_says_so_and_points_to_the_network(
    client, network, query, territory
):
    html = text(client.get(LIST, {"q": query}))
    assert f"Aucun centre de ressources ne sert {territory}." in html
    assert 'href="https://agence-cohesion-territoires.gouv.fr"' in html
    assert ">0 centre pour" in html


def test_unknown_query_explains_what_to_type(client, network):
    html = text(client.get(LIST, {"q": "xqzwv"}))
    assert "Nous n’avons reconnu ni une commune" in html
    assert "code postal" in html


def test_pagination_when_results_pass_a_page(client, make_centre):
    for n in range(30):
        make_centre(name=f"Centre {n:02}", departements=("69",))
    first = client.get(LIST)
    assert len(first.context["page_obj"].object_list) == 24
    assert 'rel="next"' in text(first)
    second = client.get(LIST, {"page": "2"})
    assert len(second.context["page_obj"].object_list) == 6
    assert "Page 2 sur 2" in text(second)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "9" * 5000, "99999999999"])
def test_malformed_or_huge_page_numbers_answer_with_a_message(client, network, page):
    response = client.get(LIST, {"page": page}, follow=True)  # a long value: first cut short
    assert response.status_code == 200
    assert "page" in response.context["page_notice"]


def test_unknown_filter_values_are_ignored_with_a_message(client, network):
    response = client.get(LIST, {"region": "xx", "zone": "lune", "theme": "nope"})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == len(network)
    html = text(response)
    assert "Le filtre «\u00a0Région\u00a0» a une valeur que nous ne connaissons pas" in html


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE centres_centre; --",
        "\x00\x01binary\xff",
        "x" * 10_000,
        '"><img src=x onerror=alert(1)>',
    ],
)
def test_hostile_input_is_never_an_error_nor_echoed_raw(client, network, value):
    for params in ({"q": value}, {"region": value}, {"page": value}, {value[:50]: value}):
        response = client.get(LIST, params, follow=True)
        assert response.status_code == 200
        html = text(response)
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert Centre.objects.count() == len(network)


def test_empty_state_says_what_to_do_next(client, network):
    html = text(client.get(LIST, {"q": "93", "forme": "gip"}))
    assert "Aucun centre ne correspond à cette recherche avec ces filtres" in html
    assert "cherchez sans filtre" in html


def test_post_is_refused(client):
    assert client.post(LIST).status_code == 405


# The map on the directory


def test_map_links_each_centre_once_with_an_accessible_name(client, network):
    html = text(client.get(LIST))
    assert 'id="carte"' in html
    # The map's, not the header's search icon.
    start = html.index('<svg class="map__svg"')
    svg = html[start : html.index("</svg>", start)]
    links = re.findall(r'<a class="map__link map-c\d" href="([^"]+)" aria-label="([^"]+)"', svg)
    assert len(links) == len(network)
    labels = dict(links)
    assert labels["/centres/profession-banlieue/"] == "Profession Banlieue\u00a0: Seine-Saint-Denis"
    assert "Contours\u00a0: IGN Admin Express, INSEE COG — Licence Ouverte" in html


def test_map_text_list_names_territories_without_centre(client, network):
    html = text(client.get(LIST))
    assert "Sans centre de ressources" in html
    assert "Corse-du-Sud (2A)" in html and "Guadeloupe (971)" in html


def test_map_departement_served_by_several_centres_links_to_the_filtered_list(
    client, network, make_centre
):
    make_centre(name="Deuxième centre", departements=("93",))
    html = text(client.get(LIST))
    assert 'href="/centres/?departement=93" aria-label="Seine-Saint-Denis\u00a0: 2 centres"' in html


# The centre page


def test_centre_page_shows_every_public_field(client, make_centre):
    from centres.models import Theme

    centre = make_centre(
        name="Ville Caraïbe",
        slug="ville-caraibe",
        departements=("972",),
        street_address="36 boulevard Cabral",
        postcode="97200",
        city="Fort-de-France",
        phone="0596 68 64 52",
        phone_2="0596 00 00 01",
        email="contact@villecaraibe.com",
        website="https://www.villecaraibe.com",
        description="Centre de ressources de la Martinique.",
        legal_form="association",
        year_created=2007,
        verified_on="2026-01-15",
        themes=(Theme.objects.get(slug="renovation-urbaine"),),
    )
    html = text(client.get(centre.get_absolute_url()))
    for expected in [
        "36 boulevard Cabral",
        "97200 Fort-de-France",
        'href="tel:+596596686452"',
        'href="tel:+596596000001"',
        "mailto:contact@villecaraibe.com",
        "https://www.villecaraibe.com",
        "Centre de ressources de la Martinique.",
        "Association loi 1901",
        "2007",
        "Rénovation urbaine",
        "15 janvier 2026",
        "Martinique (972)",
        "map--centre",
    ]:
        assert expected in html, expected


def test_centre_page_has_json_ld_open_graph_canonical_title_and_description(client, network):
    response = client.get("/centres/ville-caraibe/")
    html = text(response)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "Organization"
    assert data["name"] == "Ville Caraïbe"
    assert data["telephone"] == "+596596686452"
    assert data["@id"] == "http://testserver/centres/ville-caraibe/"
    assert data["url"] == "http://testserver/centres/ville-caraibe/"  # no website of its own
    assert data["address"]["postalCode"] == "97200"
    assert data["areaServed"] == [
        {"@type": "AdministrativeArea", "name": "Martinique", "identifier": "972"}
    ]
    assert '<link rel="canonical" href="http://testserver/centres/ville-caraibe/">' in html
    assert '<meta property="og:title" content="Ville Caraïbe">' in html
    assert "<title>Ville Caraïbe — centre de ressources politique de la ville</title>" in html
    assert (
        '<meta name="description" content="Ville Caraïbe, centre de ressources politique de la '
        "ville pour la Martinique" in html
    )


def test_json_ld_url_is_the_centre_s_website_and_its_id_the_portal_page(client, network):
    html = text(client.get("/centres/labo-cites/"))
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["url"] == "https://www.labo-cites.org"
    assert data["@id"] == "http://testserver/centres/labo-cites/"


def test_json_ld_cannot_close_its_script_element(client, make_centre):
    centre = make_centre(description="</script><script>alert(1)</script>")
    html = text(client.get(centre.get_absolute_url()))
    assert "</script><script>alert(1)" not in html
    assert "\\u003c/script\\u003e" in html


def test_unpublished_centre_is_a_404_for_visitors_and_a_preview_for_staff(
    client, make_centre, staff_user
):
    centre = make_centre(slug="brouillon", is_published=False)
    assert client.get(centre.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    response = client.get(centre.get_absolute_url())
    assert response.status_code == 200
    assert "Aperçu" in text(response)
    assert '<meta name="robots" content="noindex">' in text(response)


def test_unknown_centre_is_a_404(client, db):
    assert client.get("/centres/nexiste-pas/").status_code == 404


# Open data page, sitemap, robots.txt


def test_open_data_page_explains_formats_licence_and_date(client, network):
    html = text(client.get(reverse("centres:open_data")))
    assert "Licence Ouverte" in html
    for fmt in ("csv", "json", "geojson"):
        assert f'href="/centres/export.{fmt}"' in html
    assert "mis à jour le" in html
    assert "<code>telephone_international</code>" in html


def test_open_data_page_uses_the_editable_page_when_there_is_one(client, network):
    from pages.models import Page, Status

    Page.objects.update_or_create(
        slug="donnees-ouvertes",
        defaults={
            "title": "Les données ouvertes du réseau",
            "intro": "Une introduction écrite par l’équipe.",
            "body": "<p>Un <strong>texte</strong>.</p>",
            "status": Status.PUBLISHED,
            "parent": None,
        },
    )
    html = text(client.get(reverse("centres:open_data")))
    assert "<h1>Les données ouvertes du réseau</h1>" in html
    assert "Une introduction écrite par l’équipe." in html
    assert "<strong>texte</strong>" in html


def test_open_data_page_shows_the_editable_page_text(client, network):
    from pages.models import Page, Status

    page = Page.objects.get(slug="donnees-ouvertes")
    page.intro = "Texte modifiable par l’équipe."
    page.body = "<p>Corps <strong>modifiable</strong><script>alert(1)</script></p>"
    page.save()
    html = text(client.get(reverse("centres:open_data")))
    assert "Texte modifiable par l’équipe." in html
    assert "Corps <strong>modifiable</strong>" in html
    assert "<script>alert" not in html
    page.status = Status.DRAFT
    page.save()
    assert "Texte modifiable" not in text(client.get(reverse("centres:open_data")))


def test_sitemap_lists_published_centres_only(client, network, make_centre):
    make_centre(slug="brouillon", is_published=False)
    xml = text(client.get("/sitemap.xml"))
    assert "<loc>http://testserver/centres/labo-cites/</loc>" in xml
    assert "<loc>http://testserver/centres/donnees-ouvertes/</loc>" in xml
    assert "brouillon" not in xml


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text(response)
    assert settings.ADMIN_URL not in text(response)


# Speed


def _make_many(count, start=0):
    """Create ``count`` published centres, each serving two départements, in a few queries."""
    departements = list(Departement.objects.order_by("code"))
    centres = Centre.objects.bulk_create(
        Centre(
            name=f"Centre {n:04}", slug=f"centre-{n:04}", phone="+33478770143", is_published=True
        )
        for n in range(start, start + count)
    )
    through = Centre.departements.through
    through.objects.bulk_create(
        through(centre_id=c.pk, departement_id=departements[(i * 2 + k) % len(departements)].pk)
        for i, c in enumerate(centres)
        for k in (0, 1)
    )


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        LIST + "?q=saint+denis&forme=association",
        LIST + "?q=zzzz",
        "/centres/export.csv",
        "/centres/export.geojson?region=84",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_centres(client, url, settings, app_queries):
    settings.PUBLIC_CACHE_ENABLED = False  # count the queries of the view itself
    _make_many(30)  # more than a page
    with app_queries() as few:
        assert client.get(url).status_code == 200
    _make_many(1970, start=30)
    # bulk_create sends no signal: a new version, so that this request starts cold as the first
    # did (emptying the shared cache would leave this process's copies of the version).
    bump_content_version()
    with app_queries() as many:
        assert client.get(url).status_code == 200
    # (Fewer on the list: the cards of the first page, unchanged, are kept.)
    assert len(many) <= len(few), many


def test_centre_page_query_count_is_small(client, network, app_queries):
    with app_queries() as queries:
        assert client.get("/centres/labo-cites/").status_code == 200
    # The centre, its territory, themes, next events, latest resources and news; the
    # navigation and the schedule of publications (cold cache).
    assert len(queries) <= 9


def test_directory_page_css_and_map_weigh_under_100_kb_compressed(client, network):
    html = client.get(LIST).content
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_bytes()
    js = (Path(settings.BASE_DIR) / "static" / "js" / "directory.js").read_bytes()
    total = sum(len(gzip.compress(part)) for part in (html, css, js))
    assert total <= 100_000, total


def test_map_file_weighs_under_80_kb_compressed():
    data = (Path(settings.BASE_DIR) / "centres" / "data" / "map.json").read_bytes()
    assert len(gzip.compress(data)) <= 80_000


def card_names_from_html(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_made_up_filter_values_select_nothing_and_are_not_stored(client, network):
    for n in range(5):
        response = client.get(LIST + f"?region=inconnue-{n}&theme=" + "x" * (n + 1))
        assert response.status_code == 200
        assert '<option value="" selected>Toutes les régions</option>' in text(response)
        assert "private" in response["Cache-Control"]
    html = text(client.get(LIST, {"region": "84"}))
    assert '<option value="84" selected>' in html


# The names people type (issue 13)

NBSP = "\u00a0"


def test_homonyms_are_offered_as_links_that_pick_one(client, network, make_centre):
    make_centre(name="Centre de l’Essonne", slug="crpve", departements=("91",))
    response = client.get(LIST, {"q": "Évry"})
    html = text(response)
    assert f"Plusieurs communes répondent à «{NBSP}Évry{NBSP}»{NBSP}: précisez la vôtre" in html
    link = '<a href="/centres/?q=%C3%89vry-Courcouronnes+%2891%29">'
    assert link + "Évry-Courcouronnes (Essonne, 91), dont fait partie Évry</a>" in html
    assert '<a href="/centres/?q=%C3%89vry+%2889%29">Évry (Yonne, 89)</a>' in html
    picked = client.get("/centres/?q=%C3%89vry-Courcouronnes+%2891%29")
    assert picked.status_code == 200  # the link is the canonical address: no redirect
    assert card_names(picked) == ["Centre de l’Essonne"]
    assert "Plusieurs communes" not in text(picked)


def test_a_slip_of_the_keyboard_asks_and_is_not_stored(client, network):
    response = client.get(LIST, {"q": "Lyom"})
    html = text(response)
    assert f'Vouliez-vous dire <a href="/centres/?q=Lyon">Lyon</a>{NBSP}?' in html
    assert card_names(response) == ["Labo Cités"]
    assert "Nous n’avons reconnu ni" not in html
    assert "private" in response["Cache-Control"]


SUGGESTIONS = "/centres/suggestions/"


def test_suggestions_are_json_places_starting_with_the_query(client, db):
    response = client.get(SUGGESTIONS, {"q": "mars"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["q"] == "mars"
    assert data["suggestions"][0] == {
        "label": "Marseille (Bouches-du-Rhône, 13)",
        "value": "Marseille (13)",
        "kind": "commune",
    }


def test_suggestions_found_are_stored_and_nonsense_is_not(client, db):
    client.get(SUGGESTIONS, {"q": "mars"})
    again = client.get(SUGGESTIONS, {"q": "mars"})
    assert again["Cache-Control"] == "no-cache" and again.has_header("ETag")
    nothing = client.get(SUGGESTIONS, {"q": "zzzxqw"})
    assert nothing.json()["suggestions"] == []
    assert "private" in nothing["Cache-Control"]


def test_suggestions_take_get_only_and_canonical_addresses(client, db):
    assert client.post(SUGGESTIONS, {"q": "mars"}).status_code == 405
    response = client.get(SUGGESTIONS + "?q=mars&x=1")
    assert response.status_code == 302 and response["Location"] == SUGGESTIONS + "?q=mars"


def test_search_box_is_a_plain_form_with_a_suggestions_address(client, network):
    for url in ("/", LIST):
        html = text(client.get(url))
        assert 'data-suggestions="/centres/suggestions/"' in html
        assert 'role="combobox"' not in html  # set by the script: without it, a plain box
        assert 'src="/static/js/search.js"' in html


def test_a_territory_without_centre_is_said_once_with_the_national_contact(client, network):
    html = text(client.get(LIST, {"q": "Corse"}))
    assert html.count("Aucun centre") == 1
    assert "Aucun centre de ressources ne sert la région Corse." in html
    assert html.count('href="https://agence-cohesion-territoires.gouv.fr"') == 1
    assert "export.csv" not in html and "Télécharger" not in html  # nothing to download


def test_territories_take_their_article_in_sentences(client, network, make_centre):
    make_centre(name="Centre de l’Ain", slug="ain", departements=("01",))
    make_centre(name="Centre du Val-d’Oise", slug="val-d-oise", departements=("95",))
    assert "ville pour l’Ain</p>" in text(client.get("/centres/ain/"))
    assert "ville pour le Val-d’Oise</p>" in text(client.get("/centres/val-d-oise/"))
    assert "ville pour la Martinique</p>" in text(client.get("/centres/ville-caraibe/"))
    html = text(client.get(LIST, {"q": "971"}))
    assert "Aucun centre de ressources ne sert la Guadeloupe (971)." in html


def test_a_single_page_of_results_is_said_so(client, network):
    response = client.get(LIST, {"page": "5"})
    assert response.context["page_notice"] == ("Il n’y a qu’une page de résultats\u00a0: la voici.")


def test_a_centre_description_gets_french_typography(client, make_centre):
    make_centre(
        slug="typo", description="Le centre de l'Ain : « formation » ; pourquoi ? Parce que !"
    )
    html = text(client.get("/centres/typo/"))
    assert (
        "Le centre de l’Ain\u00a0: «\u00a0formation\u00a0»\u00a0; pourquoi\u00a0? Parce que\u00a0!"
        in html
    )


def test_map_text_does_not_promise_one_colour_per_centre(client, network):
    html = text(client.get(LIST))
    assert "Chaque couleur est le territoire d’un centre" not in html
    assert "une couleur sert à plusieurs centres" in html
    assert '<a href="#carte-liste">' in html and 'id="carte-liste"' in html


def test_centre_page_shows_its_position_and_its_precision(client, network):
    html = text(client.get("/centres/labo-cites/"))
    assert "45.75728, 4.82971" in html
    assert "précision\u00a0: la commune" in html
    html = text(client.get("/centres/ville-caraibe/"))
    assert "14.60365, -61.07418" in html and "précision\u00a0: l’adresse" in html
    assert "Position" not in text(client.get("/centres/oriv/"))


def test_an_edit_draws_again_only_the_card_of_the_centre_edited(
    client, make_centre, settings, monkeypatch
):
    from crpv import fragments

    settings.PUBLIC_CACHE_ENABLED = False
    edited = make_centre(name="Centre modifié", phone="04 78 00 00 01")
    make_centre(name="Centre inchangé")
    client.get("/centres/")
    drawn = []
    draw = fragments.render_to_string
    monkeypatch.setattr(
        fragments,
        "render_to_string",
        lambda name, context: drawn.append(context["centre"]) or draw(name, context),
    )
    edited.phone = "04 78 00 00 02"
    edited.save()  # a new content version: the page is built again
    body = client.get("/centres/").content.decode()
    assert drawn == [edited]
    assert "04 78 00 00 02" in body and "Centre inchangé" in body
