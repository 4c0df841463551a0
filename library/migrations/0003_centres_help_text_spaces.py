"""Non-breaking spaces inside « réseau national » in the help text of Resource.centres."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('centres', '0013_private_contact'),
        ('library', '0002_types_and_roles'),
    ]

    operations = [
        migrations.AlterField(
            model_name='resource',
            name='centres',
            field=models.ManyToManyField(blank=True, help_text='Un ou plusieurs centres du réseau, ou cochez «\xa0réseau national\xa0».', related_name='resources', to='centres.centre', verbose_name='centres producteurs'),
        ),
    ]
