"""Create the database cache's table, the cache used when REDIS_URL is not set.

Created whatever the cache configured now, so that a server moved from Redis to the default
finds it (`createcachetable` without a name creates only the tables of configured caches).
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_table(apps, schema_editor):
    alias = schema_editor.connection.alias
    call_command("createcachetable", settings.CACHE_TABLE, database=alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_table, drop_table)]
