"""PendingImport moves to the crpv app (``crpv.models``), where the spreadsheet package that
uses it lives: its table is renamed, its rows kept; crpv 0002 takes the model's state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0013_private_contact"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="PendingImport", table="crpv_pendingimport"),
            ],
            state_operations=[migrations.DeleteModel(name="PendingImport")],
        ),
    ]
