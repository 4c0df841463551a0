"""The catalogue's facet counts, counted by the database (library.filters.database_facet_counts),
the same on SQLite and PostgreSQL; the régions follow the stored territory."""

import importlib

import pytest
from django.apps import apps as django_apps

from centres.models import Departement, Theme
from library.filters import database_facet_counts
from library.models import Facet, Resource
from search.index import matching
from tests.centres.test_history import change

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


def test_region_counts_follow_a_centre_s_departements_changed_in_the_admin(
    client, staff_user, make_resource, centre
):
    make_resource()  # by Labo Cités: Rhône and Ain, Auvergne-Rhône-Alpes
    make_resource(centres=[])
    html = client.get("/ressources/").content.decode()
    assert "Auvergne-Rhône-Alpes (1)" in html
    client.force_login(staff_user)
    paris = Departement.objects.get(code="75")
    change(client, centre, departements=[str(paris.pk)])
    client.logout()
    assert database_facet_counts(Resource.objects.published())[1]["region"] == {"11": 1}
    html = client.get("/ressources/").content.decode()
    assert "Île-de-France (1)" in html and "Auvergne-Rhône-Alpes (" not in html
    html = client.get("/ressources/", {"region": "11"}).content.decode()
    assert "1 ressource" in html


def test_a_resource_counts_once_in_a_region_of_several_of_its_departements(
    make_resource, make_centre
):
    make_resource(centres=[make_centre(departements=("69", "01", "38", "75"))])
    make_resource(centres=[])  # no territory: no région
    total, counts = database_facet_counts(Resource.objects.published())
    assert total == 2
    assert counts["region"] == {"84": 1, "11": 1}


def test_the_migration_writes_the_region_links_again_from_the_territory(make_resource):
    resource = make_resource()
    resource.facets.remove(*resource.facets.filter(name="region"))  # stale, as before
    migration = importlib.import_module("library.migrations.0006_region_facets_from_territory")
    migration.forwards(django_apps, None)
    regions = resource.facets.filter(name="region").values_list("value", flat=True)
    assert list(regions) == ["84"]
    assert resource.facets.filter(name="type").exists()  # the other facets left as they were


def test_a_theme_s_new_slug_renames_its_facet_and_the_counts_follow(client, make_resource):
    habitat = Theme.objects.create(name="Habitat", slug="habitat")
    make_resource(themes=[habitat])
    habitat.slug = "logement"
    habitat.save()
    assert database_facet_counts(Resource.objects.published())[1]["theme"] == {"logement": 1}
    html = client.get("/ressources/", {"theme": "logement"}).content.decode()
    assert "Habitat (1)" in html and "1 ressource" in html


def test_a_new_slug_already_left_by_an_earlier_rename_takes_the_links(make_resource, centre):
    make_resource()
    Facet.objects.create(name="centre", value="labo")  # left by an earlier rename, unlinked
    centre.slug = "labo"
    centre.save()
    assert database_facet_counts(Resource.objects.published())[1]["centre"] == {"labo": 1}
    assert not Facet.objects.filter(name="centre", value="labo-cites").exists()
