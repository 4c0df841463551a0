"""Create the three fields the centres work in; staff may add more in the admin."""

from django.db import migrations

THEMES = [
    ("cohesion-sociale", "Cohésion sociale"),
    ("developpement-economique", "Développement économique"),
    ("renovation-urbaine", "Rénovation urbaine"),
]


def create(apps, schema_editor):
    Theme = apps.get_model("centres", "Theme")
    for position, (slug, name) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def remove(apps, schema_editor):
    apps.get_model("centres", "Theme").objects.filter(slug__in=[s for s, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("centres", "0002_load_geography")]

    operations = [migrations.RunPython(create, remove)]
