"""Load the 18 régions, 101 départements and current communes from centres/data/."""

from django.db import migrations

from centres import geography


def models(apps):
    return (
        apps.get_model("centres", "Region"),
        apps.get_model("centres", "Departement"),
        apps.get_model("centres", "Commune"),
    )


def load(apps, schema_editor):
    geography.load(*models(apps))


def unload(apps, schema_editor):
    geography.unload(*models(apps))


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
