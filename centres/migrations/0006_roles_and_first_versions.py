"""Create the staff roles (groups and their permissions, see crpv/roles.py), and give each
centre and page already there a first version, so that its first change can be undone."""

from django.db import migrations
from django.utils import timezone

from crpv.roles import ROLES, setup_roles

VERSIONED = (("centres", "Centre"), ("pages", "Page"), ("pages", "HomePage"))
M2M = ("departements", "themes")


def create_roles(apps, schema_editor):
    setup_roles(apps)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


def create_first_versions(apps, schema_editor):
    now = timezone.now()
    for app_label, name in VERSIONED:
        model = apps.get_model(app_label, name)
        history = apps.get_model(app_label, f"Historical{name}")
        fields = [
            f.attname
            for f in history._meta.concrete_fields
            if not f.name.startswith("history_") and f.attname != "history_user_id"
        ]
        records = history.objects.bulk_create(
            history(
                history_date=now,
                history_type="+",
                history_change_reason="Version initiale",
                **{attname: getattr(obj, attname) for attname in fields},
            )
            for obj in model.objects.exclude(pk__in=history.objects.values("id"))
        )
        if name != "Centre" or not records:
            continue
        record_of = dict(
            history.objects.filter(history_date=now).values_list("id", "history_id")
        )
        for m2m in M2M:
            through = getattr(model, m2m).through
            m2m_history = apps.get_model(app_label, f"HistoricalCentre_{m2m}")
            target = f"{m2m[:-1]}_id"
            m2m_history.objects.bulk_create(
                m2m_history(history_id=record_of[row.centre_id], id=row.pk, centre_id=row.centre_id, **{target: getattr(row, target)})
                for row in through.objects.filter(centre_id__in=list(record_of))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
        ("centres", "0005_history_and_referents"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pages", "0003_history"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, delete_roles),
        migrations.RunPython(create_first_versions, migrations.RunPython.noop),
    ]
