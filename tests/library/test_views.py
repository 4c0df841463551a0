"""The public library: catalogue (search, facets, filters), a resource's page (JSON-LD,
citation, downloads), safe downloads, the centres' and events' pages, sitemap, export."""

import json
import re

import pytest
from django.urls import reverse

from centres.models import Theme
from library.documents import human_size

pytestmark = pytest.mark.django_db


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def test_catalogue_lists_published_resources_newest_first(client, make_resource):
    import datetime

    make_resource(title="Ancienne", published_on=datetime.date(2020, 1, 1))
    make_resource(title="Récente", published_on=datetime.date(2026, 1, 1))
    make_resource(title="Brouillon", is_published=False)
    html = client.get("/ressources/").content.decode()
    assert html.index("Récente") < html.index("Ancienne")
    assert "Brouillon" not in html
    assert "2 ressources" in html


def test_catalogue_search_finds_words_and_shows_a_snippet(client, make_resource):
    make_resource(title="Gestion urbaine de proximité", summary="La GUP dans les quartiers.")
    make_resource(title="Autre chose", summary="Rien à voir.")
    html = client.get("/ressources/", {"q": "urbaine"}).content.decode()
    assert "Gestion urbaine de proximité" in html
    assert "Autre chose" not in html
    assert "resource-item__snippet" in html


def test_catalogue_has_a_clear_empty_state(client, make_resource):
    make_resource()
    html = client.get("/ressources/", {"q": "introuvable"}).content.decode()
    assert "Aucune ressource ne contient «\u00a0introuvable\u00a0»" in html or (
        "Aucune ressource ne contient « introuvable »" in html
    )
    assert "voyez toutes les ressources" in html


def test_facets_count_the_resources_listed(client, make_resource, make_centre):
    habitat = Theme.objects.create(name="Habitat", slug="habitat")
    other = make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))
    make_resource(themes=[habitat])
    make_resource(themes=[habitat], licence="cc-by")
    make_resource(centres=[other])
    html = client.get("/ressources/").content.decode()
    assert ">Habitat (2)</option>" in html
    assert ">Labo Cités (2)</option>" in html
    assert ">Centre voisin (1)</option>" in html
    assert ">Étude (3)</option>" in html
    assert ">2026 (3)</option>" in html
    assert "Auvergne-Rhône-Alpes (2)" in html and "Île-de-France (1)" in html


def test_filters_combine_in_the_url(client, make_resource, make_centre):
    habitat = Theme.objects.create(name="Habitat", slug="habitat")
    other = make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))
    make_resource(title="Habitat à Lyon", themes=[habitat])
    make_resource(title="Habitat à Paris", themes=[habitat], centres=[other])
    make_resource(title="Autre à Lyon")
    html = client.get("/ressources/", {"theme": "habitat", "region": "84"}).content.decode()
    assert "Habitat à Lyon" in html
    assert "Habitat à Paris" not in html and "Autre à Lyon" not in html
    assert "1 ressource" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "guide"}, {"Un guide"}),
        ({"annee": "2019"}, {"Vieille étude"}),
        ({"licence": "cc-by"}, {"Un guide"}),
        ({"format": "pdf"}, {"Avec PDF"}),
        ({"departement": "69"}, {"Un guide", "Vieille étude", "Avec PDF"}),
    ],
)
def test_each_filter(client, make_resource, pdf, params, expected):
    import datetime

    from library.models import ResourceType

    make_resource(
        title="Un guide", resource_type=ResourceType.objects.get(slug="guide"), licence="cc-by"
    )
    make_resource(title="Vieille étude", published_on=datetime.date(2019, 5, 1))
    make_resource(title="Avec PDF", files=[("a.pdf", pdf, "")])
    html = client.get("/ressources/", params).content.decode()
    shown = set(re.findall(r'class="resource-item__title"><a [^>]+>([^<]+)</a>', html))
    assert shown == expected


def test_unknown_filter_value_is_a_400_with_a_french_message(client, make_resource):
    make_resource()
    response = client.get("/ressources/", {"type": "inconnu"})
    assert response.status_code == 400
    assert "a une valeur que nous ne connaissons pas" in response.content.decode()


def test_catalogue_pages_hold_twenty(client, make_resource):
    for _ in range(21):
        make_resource()
    first = client.get("/ressources/").content.decode()
    assert first.count('class="resource-item"') == 20
    second = client.get("/ressources/", {"page": "2"}).content.decode()
    assert second.count('class="resource-item"') == 1


def test_resource_page_shows_what_a_visitor_needs(client, make_resource, pdf):
    resource = make_resource(
        title="La GUP en 2026",
        authors="Marie Dupont",
        licence="cc-by",
        summary="Ce que la GUP change.",
        files=[("Étude GUP.pdf", pdf, "texte")],
    )
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "Étude" in html and "15 mars 2026" in html
    assert '<a href="/centres/labo-cites/">Labo Cités</a>' in html
    assert "https://creativecommons.org/licenses/by/4.0/deed.fr" in html
    assert "Creative Commons Attribution 4.0 (CC BY 4.0)" in html
    assert f"Télécharger l’étude (PDF, {human_size(len(pdf))})" in html


def test_citation_in_french_style(client, make_resource):
    resource = make_resource(title="La GUP en 2026", authors="Marie Dupont")
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "Citer cette ressource" in html
    citation = re.search(r'<p class="resource__citation">(.*?)</p>', html, re.S)[1]
    assert citation.startswith("Marie Dupont, <cite>La GUP en 2026</cite>, Labo Cités, 2026.")
    assert "Disponible sur\u00a0: http://testserver/ressources/" in citation
    assert "(consulté le " in citation


def test_json_ld_describes_the_resource_and_its_files(client, make_resource, pdf):
    resource = make_resource(
        title="La GUP en 2026", authors="Marie Dupont", files=[("a.pdf", pdf, "")]
    )
    data = json_ld(client.get(resource.get_absolute_url()).content.decode())
    assert data["@type"] == "Report"
    assert data["name"] == "La GUP en 2026"
    assert data["author"] == [{"@type": "Person", "name": "Marie Dupont"}]
    assert data["publisher"]["name"] == "Labo Cités"
    assert data["datePublished"] == "2026-03-15"
    assert data["license"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert data["inLanguage"] == "fr"
    assert data["encoding"][0]["encodingFormat"] == "application/pdf"
    assert data["encoding"][0]["contentSize"] == f"{len(pdf)} B"


def test_open_graph_has_the_thumbnail(client, make_resource, pdf):
    from django.core.files.base import ContentFile

    resource = make_resource(files=[("a.pdf", pdf, "")])
    resource_file = resource.files.get()
    resource_file.thumbnail = ContentFile(b"\x89PNG\r\n\x1a\n", name="v.png")
    resource_file.save()
    html = client.get(resource.get_absolute_url()).content.decode()
    url = f"http://testserver/ressources/{resource.slug}/vignettes/{resource_file.pk}.png"
    assert f'<meta property="og:image" content="{url}">' in html
    assert html.count('property="og:image"') == html.count('property="og:title"') == 1
    assert 'alt=""' in html
    response = client.get(url.removeprefix("http://testserver"))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unpublished_resource_is_a_404_for_visitors(client, make_resource):
    resource = make_resource(is_published=False)
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_download_has_safe_headers_and_its_true_type(client, make_resource, pdf):
    resource = make_resource(files=[("Étude GUP 2026.pdf", pdf, "")])
    resource_file = resource.files.get()
    response = client.get(resource_file.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename=\"_tude GUP 2026.pdf\"; filename*=UTF-8''%C3%89tude%20GUP%202026.pdf"
    )
    assert "private" in response["Cache-Control"]


def test_a_post_to_a_download_or_a_thumbnail_is_a_405_even_with_csrf_checks(make_resource, pdf):
    from django.core.files.base import ContentFile
    from django.test import Client

    resource = make_resource(files=[("a.pdf", pdf, "")])
    resource_file = resource.files.get()
    resource_file.thumbnail = ContentFile(b"\x89PNG\r\n\x1a\n", name="v.png")
    resource_file.save()
    thumbnail = reverse("library:thumbnail", args=[resource.slug, resource_file.pk])
    client = Client(enforce_csrf_checks=True)
    for url in (resource_file.get_absolute_url(), thumbnail):
        assert client.get(url).status_code == 200
        response = client.post(url)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


def test_file_of_an_unpublished_resource_is_not_downloadable(client, make_resource, pdf):
    resource = make_resource(files=[("a.pdf", pdf, "")], is_published=False)
    url = resource.files.get().get_absolute_url()
    assert client.get(url).status_code == 404


def test_staff_preview_a_draft_and_its_files(client, staff_user, make_resource, pdf):
    resource = make_resource(files=[("a.pdf", pdf, "")], is_published=False)
    client.force_login(staff_user)
    assert client.get(resource.get_absolute_url()).status_code == 200
    assert client.get(resource.files.get().get_absolute_url()).status_code == 200


def test_file_of_another_resource_is_a_404(client, make_resource, pdf):
    first = make_resource(files=[("a.pdf", pdf, "")])
    second = make_resource()
    url = reverse("library:download", args=[second.slug, first.files.get().pk, "a.pdf"])
    assert client.get(url).status_code == 404


def test_centre_page_lists_its_latest_resources(client, make_resource, centre):
    make_resource(title="Notre dernière étude")
    html = client.get(centre.get_absolute_url()).content.decode()
    assert "Dernières ressources du centre" in html
    assert "Notre dernière étude" in html


def test_home_page_shows_the_newest_resources(client, make_resource):
    make_resource(title="La toute dernière")
    html = client.get("/").content.decode()
    assert "Dernières ressources" in html and "La toute dernière" in html


def test_event_page_lists_its_documents_and_the_resource_links_back(
    client, make_resource, make_event
):
    event = make_event(title="Séminaire GUP")
    resource = make_resource(title="Actes du séminaire", event=event)
    event_html = client.get(event.get_absolute_url()).content.decode()
    assert "Documents" in event_html
    assert f'<a href="{resource.get_absolute_url()}">Actes du séminaire</a>' in event_html
    resource_html = client.get(resource.get_absolute_url()).content.decode()
    assert f'<a href="{event.get_absolute_url()}">Séminaire GUP</a>' in resource_html


def test_header_links_to_the_library(client):
    html = client.get("/").content.decode()
    assert '<a href="/ressources/">Ressources</a>' in html


def test_sitemap_lists_published_resources(client, make_resource):
    published = make_resource()
    draft = make_resource(is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{published.get_absolute_url()}" in xml
    assert draft.get_absolute_url() not in xml
    assert "http://testserver/ressources/</loc>" in xml


def test_export_csv_and_json_with_the_filters(client, make_resource, pdf):
    from library.models import ResourceType

    make_resource(title="Une étude", files=[("etude.pdf", pdf, "")])
    make_resource(title="Un guide", resource_type=ResourceType.objects.get(slug="guide"))
    make_resource(title="Brouillon", is_published=False)
    csv = client.get("/ressources/export.csv").content.decode("utf-8-sig")
    header = csv.splitlines()[0]
    assert header.startswith(
        "identifiant,titre,type,centres,resume,themes,date,licence,lien,fichiers"
    )
    assert "Une étude" in csv and "Un guide" in csv and "Brouillon" not in csv
    assert "etude.pdf" in csv
    data = client.get("/ressources/export.json", {"type": "guide"}).json()
    assert data["licence"].startswith("Licence Ouverte")
    assert [r["titre"] for r in data["ressources"]] == ["Un guide"]
