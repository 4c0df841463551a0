"""The catalogue's facets move from a JSON column of the resource to rows of their own
(``Facet``, linked by ``Resource.facets``), counted by one grouped query of the link table.
Existing resources keep their facets: the JSON is read into rows (and back, on reverse)."""

from django.db import migrations, models

# Key of the former JSON → the filter's name, the new ``Facet.name``.
JSON_KEYS = {
    "type": "type",
    "themes": "theme",
    "centres": "centre",
    "regions": "region",
    "year": "annee",
    "formats": "format",
    "licence": "licence",
}
SINGLE = {"type", "year", "licence"}


def json_to_rows(apps, schema_editor):
    Facet = apps.get_model("library", "Facet")
    Resource = apps.get_model("library", "Resource")
    facets, links = {}, []
    for pk, stored in Resource.objects.values_list("pk", "facets_json").iterator():
        for key, name in JSON_KEYS.items():
            values = stored.get(key)
            if values is None or values == "":
                continue
            for value in values if isinstance(values, list) else [values]:
                pair = (name, str(value))
                if pair not in facets:
                    facets[pair] = Facet.objects.create(name=pair[0], value=pair[1]).pk
                links.append((pk, facets[pair]))
    through = Resource.facets.through
    through.objects.bulk_create(
        [through(resource_id=pk, facet_id=facet) for pk, facet in links], batch_size=1000
    )


def rows_to_json(apps, schema_editor):
    Resource = apps.get_model("library", "Resource")
    names = {name: key for key, name in JSON_KEYS.items()}
    stored = {}
    rows = Resource.facets.through.objects.values_list(
        "resource_id", "facet__name", "facet__value"
    ).order_by("resource_id", "facet__value")
    for pk, name, value in rows:
        key = names[name]
        value = int(value) if key == "year" else value
        values = stored.setdefault(pk, {})
        if key in SINGLE:
            values[key] = value
        else:
            values.setdefault(key, []).append(value)
    for pk, values in stored.items():
        Resource.objects.filter(pk=pk).update(facets_json=values)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0004_territory"),
    ]

    operations = [
        migrations.CreateModel(
            name="Facet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=16, verbose_name="filtre")),
                ("value", models.CharField(max_length=100, verbose_name="valeur")),
            ],
            options={
                "verbose_name": "facette",
                "verbose_name_plural": "facettes",
                "constraints": [
                    models.UniqueConstraint(fields=("name", "value"), name="facet_unique")
                ],
            },
        ),
        migrations.RenameField(model_name="resource", old_name="facets", new_name="facets_json"),
        migrations.AddField(
            model_name="resource",
            name="facets",
            field=models.ManyToManyField(
                editable=False,
                related_name="resources",
                to="library.facet",
                verbose_name="facettes",
            ),
        ),
        migrations.RunPython(json_to_rows, rows_to_json),
        migrations.RemoveField(model_name="resource", name="facets_json"),
    ]
