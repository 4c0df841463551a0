"""Create the staff roles (groups and their permissions); see crpv/roles.py."""

from django.db import migrations

from crpv.roles import ROLES, setup_roles


def create_roles(apps, schema_editor):
    setup_roles(apps)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


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

    operations = [migrations.RunPython(create_roles, delete_roles)]
