"""The date of first publication of an event (the order of the feeds of new events).

Events published before it existed get their creation date: the closest known moment.
"""

from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Event.objects.filter(is_published=True, published_at=None).update(
        published_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0013_private_contact"),
        ("events", "0002_vocabularies_and_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="publié le"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["-published_at", "-id"],
                name="event_feed_order",
            ),
        ),
    ]
