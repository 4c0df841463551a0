"""One form of line breaks in the centres' text, and no invisible control characters.

Browsers sent CRLF from the admin's textareas and LibreOffice re-saves LF: the same text,
which made a re-saved export show every multi-line description as changed. Control characters
(other than tabs and line breaks) made the portal's own CSV export unreadable.
"""

from django.db import migrations


def clean(apps, schema_editor):
    from crpv.text import normalize_lines, without_control_characters

    Centre = apps.get_model("centres", "Centre")
    names = [
        f.name
        for f in Centre._meta.concrete_fields
        if f.get_internal_type() in ("CharField", "TextField") and not f.choices
    ]
    changed = []
    for centre in Centre.objects.only("pk", *names):
        before = [getattr(centre, name) for name in names]
        for name in names:
            value = getattr(centre, name)
            setattr(centre, name, without_control_characters(normalize_lines(value)))
        if before != [getattr(centre, name) for name in names]:
            changed.append(centre)
    Centre.objects.bulk_update(changed, names, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0008_territory_key"),
    ]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
