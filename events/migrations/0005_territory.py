"""Event.territory: the départements an event concerns (centres.territory), filled for the events there are."""

from django.db import migrations, models


# The models' TERRITORY_PATHS when this migration was written.
PATHS = ("commune__departement", "centres__departements")


def fill(apps, schema_editor):
    from centres.territory import store

    Model = apps.get_model("events", "event")
    store(Model.objects.all(), PATHS)


class Migration(migrations.Migration):

    dependencies = [
        ('centres', '0013_private_contact'),
        ('events', '0004_ical_import_uid'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='territory',
            field=models.ManyToManyField(blank=True, editable=False, related_name='+', to='centres.departement', verbose_name='territoire'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
