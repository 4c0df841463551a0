"""The catalogue's filters, kept in the URL like the directory's and the agenda's.

Territory: a resource belongs to a région or a département when it is about it (its
départements, its communes) or when one of its producing centres serves it. The same rule
gives ``Resource.facets["regions"]``, which the catalogue counts.
"""

import django_filters
from django.db import connections
from django.db.models import Q

from centres.filters import ListFilterSet, departement_filter, region_filter, theme_choices
from centres.models import Centre
from crpv.cache import versioned
from library import documents
from library.models import Licence, Resource, ResourceType


def centre_choices():
    return versioned(
        "library-centre-choices",
        lambda: list(Centre.objects.published().order_by("name").values_list("slug", "name")),
    )


def type_choices():
    return versioned(
        "library-type-choices", lambda: list(ResourceType.objects.values_list("slug", "name"))
    )


def year_choices():
    """Return the years of the published resources, newest first, as choices."""

    def build():
        dates = Resource.objects.published().dates("published_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in dates]

    return versioned("library-year-choices", build)


def format_choices():
    return [(code, label) for code, (_mime, label, _ext) in documents.FORMATS.items()]


def _with(**lookups):
    return Resource.objects.filter(**lookups).values("pk")


def _in_territory(**departement_lookups):
    conditions = Q()
    for path in ("departements", "communes__departement", "centres__departements"):
        conditions |= Q(**{f"{path}__{k}": v for k, v in departement_lookups.items()})
    return Resource.objects.filter(conditions).values("pk")


class ResourceFilter(ListFilterSet):
    """The catalogue's filters (the search box, ``q``, is ``search.index.ranked``'s)."""

    type = django_filters.ChoiceFilter(
        label="Type",
        choices=type_choices,
        empty_label="Tous les types",
        field_name="resource_type__slug",
    )
    theme = django_filters.ChoiceFilter(
        label="Thème", choices=theme_choices, empty_label="Tous les thèmes", method="filter_theme"
    )
    centre = django_filters.ChoiceFilter(
        label="Centre",
        choices=centre_choices,
        empty_label="Tous les centres",
        method="filter_centre",
    )
    region = region_filter()
    departement = departement_filter()
    annee = django_filters.ChoiceFilter(
        label="Année",
        choices=year_choices,
        empty_label="Toutes les années",
        method="filter_year",
    )
    format = django_filters.ChoiceFilter(
        label="Format",
        choices=format_choices,
        empty_label="Tous les formats",
        method="filter_format",
    )
    licence = django_filters.ChoiceFilter(
        label="Licence", choices=Licence.choices, empty_label="Toutes les licences"
    )

    class Meta:
        model = Resource
        fields = ()

    def filter_theme(self, queryset, name, value):
        return queryset.filter(pk__in=_with(themes__slug=value))

    def filter_centre(self, queryset, name, value):
        return queryset.filter(pk__in=_with(centres__slug=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(pk__in=_in_territory(region__code=value))

    def filter_departement(self, queryset, name, value):
        return queryset.filter(pk__in=_in_territory(code=value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(published_on__year=int(value))

    def filter_format(self, queryset, name, value):
        return queryset.filter(pk__in=_with(files__format=value))

    @property
    def problems(self):
        """Return a French sentence for each value of the address that was ignored."""
        return [
            f"Le filtre « {self.form.fields[name].label} » a une valeur que nous ne connaissons "
            f"pas (« {self.form.data.get(name, '')} »)\u00a0: il a été ignoré."
            for name in self.form.errors
        ]


# Filter → key of Resource.facets it counts.
FACET_KEYS = {
    "type": "type",
    "theme": "themes",
    "centre": "centres",
    "region": "regions",
    "annee": "year",
    "format": "formats",
    "licence": "licence",
}


# Each resource's facets as rows (key, value), one per value of a list: SQLite's json_each
# gives a scalar at a path as one row; PostgreSQL's jsonb values are made arrays first.
_FACET_ROWS = {
    "sqlite": (
        "SELECT facet.key, item.value, COUNT(*) FROM {table} AS listed, "
        "json_each(listed.facets) AS facet, "
        "json_each(listed.facets, '$.\"' || facet.key || '\"') AS item "
        "WHERE listed.{pk} IN ({ids}) GROUP BY facet.key, item.value"
    ),
    "postgresql": (
        "SELECT facet.key, item.value, COUNT(*) FROM {table} AS listed "
        "CROSS JOIN LATERAL jsonb_each(listed.facets) AS facet "
        "CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(facet.value) = "
        "'array' THEN facet.value ELSE jsonb_build_array(facet.value) END) AS item(value) "
        "WHERE listed.{pk} IN ({ids}) GROUP BY facet.key, item.value"
    ),
}


def database_facet_counts(queryset):
    """Return ``(number, counts)`` for ``queryset`` (resources, filtered, in any order):
    how many it holds and {filter name: {value: number of resources}},
    both counted by the database from ``Resource.facets`` in one query (SQLite's ``json_each``
    or PostgreSQL's ``jsonb_each``): the catalogue no longer reads and decodes the facets of
    every resource listed (half a second for 10,000 on a loaded machine). Values are text."""
    model = queryset.model
    connection = connections[queryset.db]
    if queryset.query.is_empty():
        return 0, {name: {} for name in FACET_KEYS}
    ids, params = queryset.order_by().values("pk").query.get_compiler(queryset.db).as_sql()
    rows_sql = _FACET_ROWS[connection.vendor].format(
        table=connection.ops.quote_name(model._meta.db_table),
        pk=connection.ops.quote_name(model._meta.pk.column),
        ids=ids,
    )
    sql = f"{rows_sql} UNION ALL SELECT NULL, NULL, COUNT(*) FROM ({ids}) AS counted"
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *params))
        rows = cursor.fetchall()
    names = {key: name for name, key in FACET_KEYS.items()}
    counts = {name: {} for name in FACET_KEYS}
    total = 0
    for key, value, number in rows:
        if key is None:
            total = number
        elif key in names and value is not None and value != "":
            counts[names[key]][str(value)] = number
    return total, counts


def facet_fields(selects, counts):
    """Return the form's selects (``ListFilterSet.selects``) with each choice's count in its
    label, « Étude (12) », and the choices that no resource listed has left out (but the one
    selected). The département, not counted, is left as it is."""
    fields = []
    for name, label, choices, current in selects:
        if name in counts:
            counted = counts[name]
            empty, *rest = choices
            choices = [empty] + [
                (value, f"{text} ({counted.get(str(value), 0)})")
                for value, text in rest
                if counted.get(str(value)) or str(value) == current
            ]
        fields.append((name, label, choices, current))
    return fields
