"""The catalogue's « region » facets written again from the stored territory: before, they
were computed from the resource's relations when it was saved, and a centre's change of
départements left them as they were (``library.models.write_region_facets``)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from library.models import write_region_facets

    Resource = apps.get_model("library", "Resource")
    ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
    write_region_facets(ids, Resource, apps.get_model("library", "Facet"))


class Migration(migrations.Migration):
    dependencies = [("library", "0005_facet_rows")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
