"""PendingImport's content type follows the model from centres to crpv (centres 0014, crpv
0002 moved only the table and Django's state): the same row under its new app label, so that
its permissions and the admin's log entries stay attached to it. Where both rows exist (a
database migrated while the old one was left behind), the old one goes, with its permissions:
the new one has its own (created after ``migrate``)."""

from django.db import migrations


def move(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label=from_label, model="pendingimport").first()
    if old is None:
        return
    if ContentType.objects.filter(app_label=to_label, model="pendingimport").exists():
        old.delete()
    else:
        old.app_label = to_label
        old.save(update_fields=["app_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("crpv", "0002_pending_import"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: move(apps, "centres", "crpv"),
            lambda apps, schema_editor: move(apps, "crpv", "centres"),
        ),
    ]
