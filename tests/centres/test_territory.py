"""The départements each event and resource concerns, stored (centres.territory) and kept up
to date on every path: saves, links from either side, a centre's départements, a centre's
deletion, spreadsheet imports, the data migration."""

import importlib

import pytest
from django.apps import apps as django_apps

from centres.models import Centre, Commune, Departement
from centres.resources import CentreResource
from crpv.spreadsheets.importer import import_file
from crpv.spreadsheets.write import CSV
from events.models import Event
from events.resources import EventResource
from library.filters import in_territory
from library.models import Resource, ResourceType

pytestmark = pytest.mark.django_db


def codes(obj):
    return sorted(obj.territory.values_list("code", flat=True))


@pytest.fixture
def make_resource(db):
    """Return a factory of saved resources produced by ``centres`` (none by default)."""

    def make(centres=()):
        resource = Resource.objects.create(
            title="Étude",
            slug=f"etude-{Resource.objects.count()}",
            resource_type=ResourceType.objects.get(slug="etude"),
            published_on="2026-03-15",
            is_published=True,
        )
        resource.centres.set(centres)
        return resource

    return make


def test_an_event_concerns_its_commune_s_departement_and_its_organisers(make_event, make_centre):
    event = make_event(
        centres=[make_centre(departements=("93",))], city="Marseille", postcode="13001"
    )
    assert codes(event) == ["13", "93"]


def test_an_event_s_territory_follows_its_commune_and_organisers(make_event, make_centre):
    event = make_event()  # Lyon, by Labo Cités (69, 01)
    assert codes(event) == ["01", "69"]
    event.city, event.postcode = "Marseille", "13001"
    event.full_clean(exclude=["centres", "themes", "audiences"])
    event.save()
    assert codes(event) == ["01", "13", "69"]
    other = make_centre(departements=("93",))
    event.centres.set([other])
    assert codes(event) == ["13", "93"]


def test_a_centre_s_departements_change_the_territory_of_its_events_and_resources(
    make_event, make_resource, centre
):
    event = make_event(city="", format="en-ligne", online_url="https://a.fr")
    resource = make_resource(centres=[centre])
    centre.departements.set(Departement.objects.filter(code__in=["38"]))
    assert codes(event) == ["38"]
    assert codes(resource) == ["38"]


def test_deleting_a_centre_takes_its_departements_out_of_the_territory(
    make_event, make_resource, make_centre, centre
):
    other = make_centre(departements=("93",))
    event = make_event(centres=[centre, other])
    resource = make_resource(centres=[centre, other])
    other.delete()
    assert codes(event) == ["01", "69"]
    assert codes(resource) == ["01", "69"]


def test_a_resource_concerns_its_departements_communes_and_producers(make_resource, make_centre):
    resource = make_resource()
    assert codes(resource) == []
    resource.departements.set(Departement.objects.filter(code="2A"))
    resource.communes.set(Commune.objects.filter(code="59350"))  # Lille
    resource.centres.set([make_centre(departements=("971",))])
    assert codes(resource) == ["2A", "59", "971"]
    resource.communes.clear()
    assert codes(resource) == ["2A", "971"]


def test_the_library_s_territory_filter_reads_the_stored_territory(make_resource, make_centre):
    kept = make_resource(centres=[make_centre(departements=("93",))])
    make_resource(centres=[make_centre(departements=("69",))])
    assert list(Resource.objects.filter(pk__in=in_territory(code="93"))) == [kept]
    sql = str(in_territory(code="93").query)
    assert "library_resource_territory" in sql and "centres_centre" not in sql, sql


def test_the_agenda_s_territory_filter_reads_the_stored_territory(make_event, make_centre):
    kept = make_event(centres=[make_centre(departements=("93",))], city="Bobigny", postcode="")
    make_event()
    online = make_event(city="", format="en-ligne", online_url="https://a.fr")
    assert set(Event.objects.in_territory(code="93")) == {kept, online}
    sql = str(Event.objects.in_territory(code="93").query)
    assert "events_event_territory" in sql and "centres_centre" not in sql, sql


def test_the_event_import_writes_the_territory(centre, staff_user):
    from tests.events.test_spreadsheets import csv_file, row

    report = import_file(EventResource(), csv_file(row(code_postal="13001", commune="Marseille")))
    assert report.ok, report.errors
    assert codes(Event.objects.get(slug="atelier-emploi")) == ["01", "13", "69"]


def test_the_resource_import_writes_the_territory(centre, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "ressources.csv"
    path.write_text(
        "identifiant,titre,type,centres,resume,themes,date,licence,lien,fichiers\n"
        "etude-gup,Étude GUP,étude,labo-cites,,,15/03/2026,,,\n",
        encoding="utf-8",
    )
    call_command("import_resources", path, files=tmp_path)
    assert codes(Resource.objects.get(slug="etude-gup")) == ["01", "69"]


def test_the_directory_import_rewrites_the_territory_of_the_centres_events(make_event, centre):
    event = make_event(city="", format="en-ligne", online_url="https://a.fr")
    sheet = CentreResource().export(queryset=Centre.objects.filter(pk=centre.pk))
    content = CSV().export_data(sheet)
    assert b"01, 69" in content
    content = content.replace(b"01, 69", b"38")
    report = import_file(CentreResource(), content)
    assert report.ok, report.errors
    assert report.updated == 1
    assert codes(event) == ["38"]


def test_the_migration_fills_the_territory_of_existing_objects(make_event, make_resource, centre):
    event, resource = make_event(), make_resource(centres=[centre])
    Event.territory.through.objects.all().delete()
    Resource.territory.through.objects.all().delete()
    for name in ("events.migrations.0005_territory", "library.migrations.0004_territory"):
        importlib.import_module(name).fill(django_apps, None)
    assert codes(event) == ["01", "69"]
    assert codes(resource) == ["01", "69"]
