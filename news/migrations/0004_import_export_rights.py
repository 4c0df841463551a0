"""Give the content editors the import and export of the news (crpv/roles.py), as they have
for the agenda and the library; référents get neither."""

from django.db import migrations

from crpv.roles import setup_roles


def roles(apps, schema_editor):
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_newsitem_resources")]

    operations = [
        migrations.AlterModelOptions(
            name='newsitem',
            options={'ordering': ('-published_at', '-pk'), 'permissions': (('import_newsitem', 'Peut importer des actualités depuis un fichier'), ('export_newsitem', 'Peut exporter les actualités'), ('change_own_newsitem', 'Peut modifier les actualités de ses centres'), ('delete_own_newsitem', 'Peut supprimer les actualités de ses centres')), 'verbose_name': 'actualité', 'verbose_name_plural': 'actualités'},
        ),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]
