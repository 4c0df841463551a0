"""crpv.content's helpers shared by the content models."""

from centres.models import Centre, Departement
from crpv.content import related


def test_related_reads_the_prefetched_objects_without_a_query(make_centre, app_queries):
    make_centre(departements=("69", "01"))
    centre = Centre.objects.prefetch_related("departements").get()
    with app_queries() as queries:
        codes = sorted(d.code for d in related(centre, "departements"))
    assert codes == ["01", "69"]
    assert queries == []


def test_related_without_a_prefetch_reads_the_database(make_centre, app_queries):
    make_centre(departements=("972",))
    centre = Centre.objects.get()
    with app_queries() as queries:
        assert [d.code for d in related(centre, "departements")] == ["972"]
    assert len(queries) == 1


def test_related_reads_the_relation_again_once_it_changed(make_centre):
    make_centre(departements=("69",))
    centre = Centre.objects.prefetch_related("departements").get()
    centre.departements.set(Departement.objects.filter(code="93"))
    assert [d.code for d in related(centre, "departements")] == ["93"]
