"""PendingImport, moved from the centres app: its table exists already (renamed by centres
0014), so only Django's state changes here."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("crpv", "0001_cache_table"),
        ("centres", "0014_move_pending_import"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PendingImport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=64, unique=True)),
                        ("content", models.BinaryField()),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                    ],
                    options={
                        "verbose_name": "fichier en attente d’import",
                        "verbose_name_plural": "fichiers en attente d’import",
                        "default_permissions": (),
                    },
                ),
            ],
        ),
    ]
