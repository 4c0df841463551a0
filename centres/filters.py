"""The directory's filters, kept in the URL so that a filtered list can be shared.

Every filter goes through a subquery on the centre's id, so that centres serving several
départements of a région appear once and the ordering stays the caller's.
"""

import functools

import django_filters
from django import forms

from centres import geography
from centres.models import Centre, LegalForm, Theme
from centres.text import fold
from crpv.cache import versioned


class Zone:
    METROPOLE = "metropole"
    OVERSEAS = "outre-mer"
    CHOICES = ((METROPOLE, "France métropolitaine"), (OVERSEAS, "Outre-mer"))


@functools.cache
def region_choices():
    """Return the régions as choices: metropolitan ones by name, then overseas."""
    ordered = sorted(geography.regions(), key=lambda r: (r[2], fold(r[1])))
    return [(code, name) for code, name, _overseas in ordered]


@functools.cache
def departement_choices():
    """Return the départements as choices, by code: « Rhône (69) »."""
    return [(code, f"{name} ({code})") for code, name, _region in geography.departements()]


def theme_choices():
    return versioned(
        "theme-choices", lambda: list(Theme.objects.values_list("slug", "name")), models=[Theme]
    )


def centre_choices():
    """Return the published centres as choices (slug, name), by name: the agenda's filter
    and the feeds of each centre (``crpv.feeds``)."""
    return versioned(
        "centre-choices",
        lambda: list(Centre.objects.published().order_by("name").values_list("slug", "name")),
        models=[Centre],
    )


def _serving(**lookups):
    return Centre.objects.filter(**lookups).values("pk")


def region_filter():
    """Return the région filter of a public list; the FilterSet defines ``filter_region``."""
    return django_filters.ChoiceFilter(
        label="Région",
        choices=region_choices,
        empty_label="Toutes les régions",
        method="filter_region",
    )


def departement_filter():
    """Return the département filter of a public list; the FilterSet defines
    ``filter_departement``."""
    return django_filters.ChoiceFilter(
        label="Département",
        choices=departement_choices,
        empty_label="Tous les départements",
        method="filter_departement",
    )


class ListFilterSet(django_filters.FilterSet):
    """What a public list's filters share: the form's selects, the summary, the unknown values.

    The directory's and the agenda's (``events.filters``).
    """

    @classmethod
    def selects(cls, selected):
        """Return what the directory's form draws for each filter, in order: (name, label,
        choices, current) with ``choices`` a plain list of (value, label) pairs, the empty
        choice first, and ``current`` the value of ``selected`` (a dict) or "".

        Plain lists, because django-filter's own choice iterator normalises every choice again
        on every pass: for the directory's 150 options that took longer than the rest of the
        page (benchmarks/README.md).
        """
        fields = []
        for name, filter_ in cls.base_filters.items():
            if "choices" not in filter_.extra:
                continue  # drawn by the page itself (dates)
            choices = filter_.extra["choices"]
            choices = choices() if callable(choices) else choices
            empty = ("", filter_.extra["empty_label"])
            fields.append((name, filter_.label, [empty, *choices], selected.get(name) or ""))
        return fields

    @property
    def active(self):
        """Return (label, value label) for each filter applied, for the summary of the results."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            active.append((name, field.label, str(value)))
        return active

    @property
    def invalid(self):
        """Return the labels of the filters whose value is unknown (they are ignored)."""
        if not self.is_bound:
            return []
        return [self.form.fields[name].label for name in self.form.errors]


class CentreFilter(ListFilterSet):
    # Choices rather than querysets: the lists come from the cache, not from three queries.
    region = region_filter()
    departement = departement_filter()
    zone = django_filters.ChoiceFilter(
        label="Métropole ou outre-mer",
        choices=Zone.CHOICES,
        empty_label="Toute la France",
        method="filter_zone",
    )
    theme = django_filters.ChoiceFilter(
        label="Thème",
        choices=theme_choices,
        empty_label="Tous les thèmes",
        method="filter_theme",
    )
    forme = django_filters.ChoiceFilter(
        label="Forme juridique",
        choices=LegalForm.choices,
        empty_label="Toutes les formes",
        field_name="legal_form",
    )

    class Meta:
        model = Centre
        fields = ()

    def filter_region(self, queryset, name, value):
        return queryset.filter(pk__in=_serving(departements__region__code=value))

    def filter_departement(self, queryset, name, value):
        return queryset.filter(pk__in=_serving(departements__code=value))

    def filter_zone(self, queryset, name, value):
        overseas = _serving(departements__is_overseas=True)
        if value == Zone.OVERSEAS:
            return queryset.filter(pk__in=overseas)
        return queryset.exclude(pk__in=overseas)

    def filter_theme(self, queryset, name, value):
        return queryset.filter(pk__in=_serving(themes__slug=value))
