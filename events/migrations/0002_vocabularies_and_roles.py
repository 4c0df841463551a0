"""Seed the types of event and the audiences (editable afterwards in the admin), and give the
roles their permissions on the agenda (crpv/roles.py)."""

from django.db import migrations

from crpv.roles import setup_roles

TYPES = [
    ("webinaire", "Webinaire"),
    ("seminaire", "Séminaire"),
    ("atelier", "Atelier"),
    ("cycle-de-qualification", "Cycle de qualification"),
    ("journee-regionale", "Journée régionale"),
    ("formation", "Formation"),
    ("rencontre", "Rencontre"),
]
AUDIENCES = [
    ("elus", "Élus"),
    ("chefs-de-projet", "Chefs de projet"),
    ("delegues-du-prefet", "Délégués du préfet"),
    ("associations", "Associations"),
    ("conseils-citoyens", "Conseils citoyens"),
    ("habitants", "Habitants"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("EventType", TYPES), ("Audience", AUDIENCES)):
        model = apps.get_model("events", model_name)
        for position, (slug, name) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def unseed(apps, schema_editor):
    for model_name, rows in (("EventType", TYPES), ("Audience", AUDIENCES)):
        model = apps.get_model("events", model_name)
        model.objects.filter(slug__in=[slug for slug, _ in rows], events__isnull=True).delete()


def roles(apps, schema_editor):
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("centres", "0013_private_contact"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]
