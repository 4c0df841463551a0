"""Seed the types of resource (editable afterwards in the admin), and give the roles their
permissions on the library (crpv/roles.py)."""

from django.db import migrations

from crpv.roles import setup_roles

# (slug, name, how a download link names it)
TYPES = [
    ("etude", "Étude", "l’étude"),
    ("guide", "Guide", "le guide"),
    ("fiche-experience", "Fiche expérience", "la fiche expérience"),
    ("actes", "Actes", "les actes"),
    ("synthese-de-webinaire", "Synthèse de webinaire", "la synthèse"),
    ("revue-lettre", "Revue / lettre", "le numéro"),
    ("outil", "Outil", "l’outil"),
    ("video", "Vidéo", "la vidéo"),
    ("podcast", "Podcast", "le podcast"),
]


def seed(apps, schema_editor):
    ResourceType = apps.get_model("library", "ResourceType")
    for position, (slug, name, label) in enumerate(TYPES, start=1):
        ResourceType.objects.get_or_create(
            slug=slug, defaults={"name": name, "download_label": label, "position": position}
        )


def unseed(apps, schema_editor):
    ResourceType = apps.get_model("library", "ResourceType")
    ResourceType.objects.filter(
        slug__in=[slug for slug, _n, _l in TYPES], resources__isnull=True
    ).delete()


def roles(apps, schema_editor):
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("events", "0002_vocabularies_and_roles"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]
