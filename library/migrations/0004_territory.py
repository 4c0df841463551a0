"""Resource.territory: the départements a resource concerns (centres.territory), filled for the resources there are."""

from django.db import migrations, models


# The models' TERRITORY_PATHS when this migration was written.
PATHS = ("departements", "communes__departement", "centres__departements")


def fill(apps, schema_editor):
    from centres.territory import store

    Model = apps.get_model("library", "resource")
    store(Model.objects.all(), PATHS)


class Migration(migrations.Migration):

    dependencies = [
        ('centres', '0013_private_contact'),
        ('library', '0003_centres_help_text_spaces'),
    ]

    operations = [
        migrations.AddField(
            model_name='resource',
            name='territory',
            field=models.ManyToManyField(blank=True, editable=False, related_name='+', to='centres.departement', verbose_name='territoire'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
