"""The catalogue's filters, kept in the URL like the directory's and the agenda's.

Territory: a resource belongs to a région or a département when it is about it (its
départements, its communes) or when one of its producing centres serves it. The same rule
gives the resource's « region » facets (``library.models.Facet``), which the catalogue counts.
"""

import django_filters
from django.db.models import BigIntegerField, CharField, Count, F, IntegerField, Value
from django.db.models.functions import Cast, ExtractYear

from centres.filters import (
    ChoiceList,
    ListFilterSet,
    centre_filter,
    departement_filter,
    region_filter,
    slug_list,
    theme_filter,
    type_filter,
)
from library import documents
from library.models import Facet, Licence, Resource, ResourceType

type_choices = slug_list("library-type-choices", ResourceType.objects.all())


def _years():
    year = Cast(ExtractYear("published_on"), IntegerField())
    return (
        Resource.objects.published()
        .annotate(
            choice_value=Cast(year, CharField()),
            choice_label=Cast(year, CharField()),
            choice_rank=year * -1,
        )
        .distinct()
    )


# The years of the published resources, newest first.
year_choices = ChoiceList("library-year-choices", _years)


def in_territory(**departement_lookups):
    """Return the ids (a ``values("pk")`` QuerySet, for ``pk__in``) of the resources about
    the départements matching ``departement_lookups`` (``code__in=["69"]``), by their
    départements, their communes or a producing centre serving them; unpublished ones too.
    Reads the stored ``Resource.territory`` (``centres.territory``): an indexed lookup."""
    return Resource.territory.through.objects.filter(
        **{f"departement__{k}": v for k, v in departement_lookups.items()}
    ).values("resource_id")


class ResourceFilter(ListFilterSet):
    """The catalogue's filters (the search box, ``q``, is ``search.index.ranked``'s)."""

    type = type_filter(type_choices, "resource_type__slug")
    theme = theme_filter()
    centre = centre_filter()
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
        choices=[(code, label) for code, (_mime, label, _ext) in documents.FORMATS.items()],
        empty_label="Tous les formats",
        method="filter_format",
    )
    licence = django_filters.ChoiceFilter(
        label="Licence", choices=Licence.choices, empty_label="Toutes les licences"
    )

    class Meta:
        model = Resource
        fields = ()

    def filter_region(self, queryset, name, value):
        return queryset.filter(pk__in=in_territory(region__code=value))

    def filter_departement(self, queryset, name, value):
        return queryset.filter(pk__in=in_territory(code=value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(published_on__year=int(value))

    def filter_format(self, queryset, name, value):
        return self.having(queryset, files__format=value)


# The filters the catalogue counts: the names of ``Facet``.
FACET_NAMES = ("type", "theme", "centre", "region", "annee", "format", "licence")


def database_facet_counts(queryset):
    """Return ``(number, counts)`` for ``queryset`` (resources, filtered, in any order):
    how many it holds and {filter name: {value (text): number of resources}}, in one query.

    The database joins the resources listed to their rows of the link table
    ``Resource.facets`` and counts them by facet id (an integer: the link table's unique
    index on (resource, facet) is all it reads of it), ``UNION ALL`` the ``Facet`` rows for
    their names and values (a few hundred). The resources are read once: their number is
    that of the types (every resource with facets has exactly one, ``compute_facets``) plus
    those with no facets yet (the facet ``NULL`` of the outer join). The same ORM query on
    SQLite and PostgreSQL (benchmarks/README.md, « The library's catalogue »)."""
    by_facet = (
        queryset.order_by()
        .annotate(name=Value(""), value=Value(""))
        .values_list("facets", "name", "value")
        .annotate(number=Count("pk"))
    )
    labels = Facet.objects.annotate(
        facet_id=F("pk"), number=Value(None, output_field=BigIntegerField())
    ).values_list("facet_id", "name", "value", "number")
    names, numbers = {}, {}
    for facet, name, value, number in by_facet.union(labels, all=True):
        if number is None:
            names[facet] = (name, value)
        else:
            numbers[facet] = number
    total = numbers.pop(None, 0)
    counts = {name: {} for name in FACET_NAMES}
    for facet, number in numbers.items():
        name, value = names[facet]
        counts[name][value] = number
    return total + sum(counts["type"].values()), counts


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
