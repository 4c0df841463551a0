"""The catalogue's facet counts, counted by the database (library.filters.database_facet_counts),
the same on SQLite and PostgreSQL."""

import pytest

from centres.models import Theme
from library.filters import database_facet_counts
from library.models import Facet, Resource
from search.index import matching

pytestmark = pytest.mark.django_db


def test_counts_every_value_of_lists_and_scalars(make_resource, make_centre):
    habitat = Theme.objects.create(name="Habitat", slug="habitat")
    emploi = Theme.objects.create(name="Emploi", slug="emploi")
    other = make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))
    make_resource(themes=[habitat, emploi])
    make_resource(themes=[habitat], licence="cc-by", files=[("a.pdf", b"%PDF-", "texte")])
    make_resource(centres=[other])
    make_resource(is_published=False, themes=[emploi])  # not in the queryset below

    total, counts = database_facet_counts(Resource.objects.published())

    assert total == 3
    assert counts["theme"] == {"habitat": 2, "emploi": 1}
    assert counts["centre"] == {"labo-cites": 2, "centre-voisin": 1}
    assert counts["annee"] == {"2026": 3}  # text, as in the address
    assert counts["licence"] == {"licence-ouverte": 2, "cc-by": 1}
    assert counts["format"] == {"pdf": 1}  # empty lists count nothing
    assert counts["region"] == {"84": 2, "11": 1}


def test_counts_a_search_and_an_empty_list(make_resource):
    make_resource(title="Rénovation des quartiers")
    make_resource(title="Emploi des jeunes")
    total, counts = database_facet_counts(matching(Resource.objects.published(), "quartier"))
    assert total == 1 and counts["type"] == {"etude": 1}
    total, counts = database_facet_counts(Resource.objects.none())
    assert total == 0 and counts["type"] == {}


def test_counts_resources_whose_facets_are_not_stored_yet(make_resource):
    make_resource()
    make_resource(title="Sans facettes").facets.clear()  # as before its first refresh()
    total, counts = database_facet_counts(Resource.objects.published())
    assert total == 2
    assert counts["type"] == {"etude": 1}


def test_a_filter_joining_a_list_counts_each_resource_once(make_resource, make_centre, centre):
    other = make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))
    make_resource(centres=[other, centre])
    total, counts = database_facet_counts(
        Resource.objects.published().filter(centres__slug="centre-voisin")
    )
    assert total == 1
    assert counts["centre"] == {"labo-cites": 1, "centre-voisin": 1}


def test_a_facet_row_no_resource_links_counts_nothing(client, make_resource):
    make_resource()
    make_resource(licence="cc-by").delete()
    assert Facet.objects.filter(name="licence", value="cc-by").exists()  # left, on purpose
    total, counts = database_facet_counts(Resource.objects.published())
    assert total == 1 and counts["licence"] == {"licence-ouverte": 1}
    assert "(CC BY 4.0) (" not in client.get("/ressources/").content.decode()
