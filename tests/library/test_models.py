import datetime

import pytest

from library.models import Facet, Licence, Resource, ResourceType, download_name
from search.index import Document


def test_types_are_seeded_in_order(db):
    names = list(ResourceType.objects.values_list("name", flat=True))
    assert names == [
        "Étude",
        "Guide",
        "Fiche expérience",
        "Actes",
        "Synthèse de webinaire",
        "Revue / lettre",
        "Outil",
        "Vidéo",
        "Podcast",
    ]


def test_type_names_itself_in_a_download_link(db):
    assert ResourceType.objects.get(slug="etude").link_noun() == "l’étude"
    assert ResourceType.objects.get(slug="guide").link_noun() == "le guide"


def test_every_licence_has_a_name_and_all_but_reserved_rights_a_link(db, make_resource):
    for licence in Licence:
        resource = make_resource(licence=licence)
        assert resource.licence_name
        assert bool(resource.licence_url) == (licence != Licence.ALL_RIGHTS)


def test_facets_hold_what_the_catalogue_counts(make_resource, centre, pdf):
    from centres.models import Theme

    theme = Theme.objects.create(name="Habitat", slug="habitat")
    resource = make_resource(themes=[theme], files=[("etude.pdf", pdf, "texte")])
    assert sorted(resource.facets.values_list("name", "value")) == [
        ("annee", "2026"),
        ("centre", "labo-cites"),
        ("format", "pdf"),
        ("licence", "licence-ouverte"),
        ("region", "84"),  # Rhône and Ain, served by the centre
        ("theme", "habitat"),
        ("type", "etude"),
    ]


def test_refresh_replaces_the_facets_and_shares_their_rows(make_resource, pdf):
    first = make_resource(files=[("etude.pdf", pdf, "texte")])
    second = make_resource(files=[("etude.pdf", pdf, "texte")])
    assert ("format", "pdf") in first.facets.values_list("name", "value")
    first.files.get().delete()  # the files' signal refreshes the resource
    assert ("format", "pdf") not in first.facets.values_list("name", "value")
    assert Facet.objects.filter(name="format", value="pdf").get().resources.get() == second


def test_search_document_has_title_summary_authors_and_files_text(make_resource, pdf):
    resource = make_resource(
        summary="Un résumé.",
        authors="Marie Dupont",
        files=[("a.pdf", pdf, "texte du premier"), ("b.pdf", pdf, "texte du second")],
    )
    document = resource.search_document()
    assert isinstance(document, Document)
    assert document.title == resource.title
    assert "Un résumé." in document.summary and document.authors == "Marie Dupont"
    assert "texte du premier" in document.body and "texte du second" in document.body
    assert document.published is True
    assert document.date == resource.published_on
    assert document.url == resource.get_absolute_url()


def test_texts_get_french_spacing(make_resource):
    resource = make_resource(title="Quartiers : quelle place ?")
    assert resource.title == "Quartiers\u00a0: quelle place\u00a0?"


@pytest.mark.parametrize(
    ("name", "file_format", "expected"),
    [
        ("Étude GUP 2026.pdf", "pdf", "Étude GUP 2026.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\moi\\rapport.PDF", "pdf", "rapport.PDF"),
        ('a<b>"c".odt', "odt", "abc.odt"),
        ("page.html", "pdf", "page.pdf"),
    ],
)
def test_download_name_is_readable_and_safe(name, file_format, expected):
    assert download_name(name, file_format) == expected


def test_stored_name_is_safe_and_keeps_the_recognised_format(make_resource):
    resource = make_resource(files=[("Mon étude <script>.html", b"%PDF-1.4", "")])
    stored = resource.files.get().file.name
    assert stored.startswith("ressources/")
    assert stored.endswith("/mon-etude-script.pdf")


def test_deleting_a_file_deletes_it_from_the_storage(make_resource, media):
    resource = make_resource(files=[("a.pdf", b"%PDF-1.4", "")])
    resource_file = resource.files.get()
    path = media / resource_file.file.name
    assert path.exists()
    resource_file.delete()
    assert not path.exists()


def test_history_keeps_versions(make_resource):
    resource = make_resource()
    resource.title = "Nouveau titre"
    resource.save()
    assert resource.history.count() >= 2
    assert Resource.objects.get(pk=resource.pk).published_on == datetime.date(2026, 3, 15)


def test_the_centres_help_text_keeps_national_network_in_french_quotes():
    help_text = str(Resource._meta.get_field("centres").help_text)
    assert "«\u00a0réseau national\u00a0»" in help_text
