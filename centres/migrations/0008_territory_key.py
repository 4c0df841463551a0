"""The directory's order kept in a column (Centre.territory_key), filled for existing centres."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from centres.models import territory_key

    Centre = apps.get_model("centres", "Centre")
    served = {}
    rows = Centre.departements.through.objects.values_list(
        "centre_id",
        "departement__is_overseas",
        "departement__region__search_name",
        "departement__code",
    )
    for centre_id, *departement in rows:
        served.setdefault(centre_id, []).append(departement)
    centres = list(Centre.objects.only("pk"))
    for centre in centres:
        centre.territory_key = territory_key(served.get(centre.pk, ()))
    Centre.objects.bulk_update(centres, ["territory_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0007_pending_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="centre",
            name="territory_key",
            field=models.CharField(db_index=True, default="2", editable=False, max_length=120),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
