"""The agenda's filters, kept in the URL like the directory's (``centres.filters``).

Territory: an event belongs to a région or a département when it is held there, when one of
its organisers serves it, or when it can be followed online (online and hybrid events show
whatever the territory). Dates: an event is in a period when it overlaps it.
"""

import datetime

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from centres.filters import (
    ListFilterSet,
    centre_filter,
    departement_filter,
    region_filter,
    slug_list,
    theme_filter,
    type_filter,
)
from centres.search import understand
from events.models import Audience, Event, EventType, Format, start_of_day, today


class Period:
    WEEK = "cette-semaine"
    MONTH = "ce-mois"
    CHOICES = ((WEEK, "Cette semaine"), (MONTH, "Ce mois-ci"))

    @classmethod
    def bounds(cls, value):
        """Return (first, last) days of the period ``value`` from today."""
        day = today()
        if value == cls.WEEK:
            return day, day + datetime.timedelta(days=6 - day.weekday())
        next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return day, next_month - datetime.timedelta(days=1)


type_choices = slug_list("agenda-type-choices", EventType.objects.all())
audience_choices = slug_list("agenda-audience-choices", Audience.objects.all())


def overlapping(queryset, first=None, last=None):
    """Return the events of ``queryset`` that overlap the days ``first`` to ``last``."""
    if first:
        queryset = queryset.filter(ends_at__gte=start_of_day(first))
    if last:
        queryset = queryset.filter(starts_at__lt=start_of_day(last + datetime.timedelta(days=1)))
    return queryset


# The dates the filters accept: the calendar's ends (0001-01-01, 9999-12-31) overflow once
# moved to UTC or to the next day.
DATE_BOUNDS = [
    MinValueValidator(datetime.date(1900, 1, 1)),
    MaxValueValidator(datetime.date(2999, 12, 31)),
]


# The browser's date picker (``type`` becomes the widget's ``input_type``), as 2026-12-04.
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class EventFilter(ListFilterSet):
    """The agenda's filters; after ``qs``, ``territories`` holds what ``q`` was read as."""

    territories = ()

    q = django_filters.CharFilter(label="Où ?", method="filter_q")
    region = region_filter()
    departement = departement_filter()
    centre = centre_filter("Centre organisateur")
    type = type_filter(type_choices, "event_type__slug")
    theme = theme_filter()
    public = django_filters.ChoiceFilter(
        label="Public",
        choices=audience_choices,
        empty_label="Tous les publics",
        method="filter_public",
    )
    format = django_filters.ChoiceFilter(
        label="Format", choices=Format.choices, empty_label="Tous les formats"
    )
    periode = django_filters.ChoiceFilter(
        label="Période",
        choices=Period.CHOICES,
        empty_label="Toutes les dates",
        method="filter_period",
    )
    du = django_filters.DateFilter(
        label="Du", method="filter_from", widget=DATE_INPUT, validators=DATE_BOUNDS
    )
    au = django_filters.DateFilter(
        label="Au", method="filter_to", widget=DATE_INPUT, validators=DATE_BOUNDS
    )

    class Meta:
        model = Event
        fields = ()

    def filter_q(self, queryset, name, value):
        """Read ``value`` as the directory's search does (``centres.search.understand``: a
        postcode, a département, a région, a commune) and keep the events of that territory.
        Without the directory's last resort (the start of a commune's name): one query at
        most, so that the page stays within four."""
        self.territories = understand(value).territories
        codes = sorted({code for territory in self.territories for code in territory.codes})
        if not codes:
            return queryset.none()
        return queryset.in_territory(code__in=codes)

    def filter_region(self, queryset, name, value):
        return queryset.in_territory(region__code=value)

    def filter_departement(self, queryset, name, value):
        return queryset.in_territory(code=value)

    def filter_public(self, queryset, name, value):
        return self.having(queryset, audiences__slug=value)

    def filter_period(self, queryset, name, value):
        return overlapping(queryset, *Period.bounds(value))

    def filter_from(self, queryset, name, value):
        return overlapping(queryset, first=value)

    def filter_to(self, queryset, name, value):
        first = self.form.cleaned_data.get("du")
        if first and value < first:
            return queryset  # said by ``problems``
        return overlapping(queryset, last=value)

    def problem(self, name):
        """Return the French sentence saying that the value of the filter ``name`` was
        ignored; a date's says how to write one."""
        field = self.form.fields[name]
        if not isinstance(field, forms.DateField):
            return super().problem(name)
        return (
            f"« {field.label} »\u00a0: la date « {self.form.data.get(name, '')} » "
            "n’existe pas, n’est pas écrite comme 2026-12-04 ou sort des années 1900 à 2999"
            "\u00a0; elle a été ignorée."
        )

    @property
    def problems(self):
        """Return a French sentence for each value of the address that was ignored, and one
        when the dates are in the wrong order."""
        problems = super().problems
        data = self.selected
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            problems.append("La date de fin (« Au ») précède la date de début (« Du »).")
        return problems
