"""Official names with the typographic apostrophe (Côte-d’Or, Val-d’Oise), as the reference
files now write them (``scripts/build_geography.py``); new databases load them so."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

MODELS = ("Region", "Departement", "Commune")


def replace(old, new):
    def run(apps, schema_editor):
        for name in MODELS:
            model = apps.get_model("centres", name)
            model.objects.filter(name__contains=old).update(
                name=Replace("name", Value(old), Value(new))
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("centres", "0011_directory_order_index")]

    operations = [migrations.RunPython(replace("'", "’"), replace("’", "'"))]
