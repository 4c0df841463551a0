"""Give the roles their permissions on the news (crpv/roles.py): the content editors all of
them, the référents those of their centres' items."""

from django.db import migrations

from crpv.roles import setup_roles


def roles(apps, schema_editor):
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
