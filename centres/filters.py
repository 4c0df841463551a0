"""The directory's filters, kept in the URL so that a filtered list can be shared.

Every filter goes through a subquery on the centre's id, so that centres serving several
départements of a région appear once and the ordering stays the caller's.
"""

import functools
from html import escape

import django_filters
from django import forms
from django.db.models import F, Value, Window
from django.db.models.functions import RowNumber

from centres import geography
from centres.models import Centre, LegalForm, Theme
from crpv.cache import versioned_many
from crpv.text import fold


class Zone:
    METROPOLE = "metropole"
    OVERSEAS = "outre-mer"
    CHOICES = ((METROPOLE, "France métropolitaine"), (OVERSEAS, "Outre-mer"))


@functools.cache
def region_choices():
    """Return the régions as choices: metropolitan ones by name, then overseas."""
    ordered = sorted(geography.regions(), key=lambda r: (r[2], fold(r[1])))
    return DrawnChoices([(code, name) for code, name, _overseas in ordered])


@functools.cache
def departement_choices():
    """Return the départements as choices, by code: « Rhône (69) »."""
    return DrawnChoices(
        [(code, f"{name} ({code})") for code, name, _region in geography.departements()]
    )


class ChoiceList:
    """A filter's choices read from the database: calling it returns them, drawn
    (``DrawnChoices``), kept in the cache under ``key`` (a str) until one of ``models`` changes
    (every change without: ``crpv.cache.versioned``). ``rows()`` returns a QuerySet with the
    annotations ``choice_value``, ``choice_label`` and ``choice_rank`` (the choices' order).

    ``read_lists`` reads the lists a page needs that are not kept in one query."""

    def __init__(self, key, rows, models=None):
        self.key, self.rows, self.models = key, rows, models

    def __call__(self):
        return read_lists([self])[0]


def read_lists(lists):
    """Return the choices of each of ``lists`` (``ChoiceList``), in order; those not kept in
    the cache are read in one query, a ``UNION ALL`` of their rows."""
    by_key = {choice_list.key: choice_list for choice_list in lists}

    def build(keys):
        parts = [
            by_key[key]
            .rows()
            .order_by()
            .annotate(choice_list=Value(key))
            .values_list("choice_list", "choice_value", "choice_label", "choice_rank")
            for key in keys
        ]
        rows = {key: [] for key in keys}
        for key, value, label, rank in parts[0].union(*parts[1:], all=True):
            rows[key].append((rank, value, label))
        return {
            key: DrawnChoices([row[1:] for row in sorted(found)]) for key, found in rows.items()
        }

    found = versioned_many({key: choice_list.models for key, choice_list in by_key.items()}, build)
    return [found[choice_list.key] for choice_list in lists]


def slug_list(key, queryset):
    """Return a ``ChoiceList`` of the rows of ``queryset`` as choices (slug, name), in its
    order (its model's without), kept under ``key`` until its model changes."""
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    return ChoiceList(
        key,
        lambda: queryset.annotate(
            choice_value=F("slug"),
            choice_label=F("name"),
            choice_rank=Window(RowNumber(), order_by=ordering),
        ),
        models=[queryset.model],
    )


# The themes, in the model's order.
theme_choices = slug_list("theme-choices", Theme.objects.all())
# The published centres, by name: the agenda's filter and the feeds of each centre
# (``crpv.feeds``).
centre_choices = slug_list("centre-choices", Centre.objects.published().order_by("name"))


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


def theme_filter():
    """Return the theme filter of a public list (``ListFilterSet.filter_theme``)."""
    return django_filters.ChoiceFilter(
        label="Thème",
        choices=theme_choices,
        empty_label="Tous les thèmes",
        method="filter_theme",
    )


def centre_filter(label="Centre"):
    """Return the filter on a centre of a public list, labelled ``label`` (a str, French);
    its values are the published centres' slugs (``ListFilterSet.filter_centre``)."""
    return django_filters.ChoiceFilter(
        label=label,
        choices=centre_choices,
        empty_label="Tous les centres",
        method="filter_centre",
    )


def type_filter(choices, field_name):
    """Return the filter on the type of a public list's content (the agenda's, the
    catalogue's): ``choices`` a callable returning (slug, name) pairs, ``field_name`` the
    lookup of the type's slug (« event_type__slug »)."""
    return django_filters.ChoiceFilter(
        label="Type", choices=choices, empty_label="Tous les types", field_name=field_name
    )


class DrawnChoices(list):
    """The (value, label) pairs of a select with ``html``, their ``<option>`` elements (none
    selected, ``option_elements``), drawn once with the list: a form then draws a select of
    hundreds of options without going through them again (``{% options %}``)."""

    def __init__(self, choices, html=None):
        super().__init__(choices)
        self.html = option_elements(self) if html is None else html

    @classmethod
    def after_empty(cls, label, choices):
        """Return ``choices`` after the empty choice ("", ``label``), drawn: their own
        ``html`` kept when they have it."""
        empty = ("", label)
        if isinstance(choices, cls):
            return cls([empty, *choices], option_elements([empty]) + choices.html)
        return cls([empty, *choices])


def option_elements(choices):
    """Return the ``<option>`` elements of ``choices`` ((value, label) pairs, escaped here),
    none selected, as a str.

    Written in Python rather than with Django's widget templates, which draw each option
    through a template of their own, or ``format_html``, or even Django's lazy-aware
    ``escape``: the directory's filters have some 150 options, and drawing them that way took
    longer than the rest of the page (benchmarks/README.md). The standard library's
    ``html.escape`` escapes the same five characters.
    """
    return "".join(
        f'<option value="{escape(str(value))}">{escape(str(label))}</option>'
        for value, label in choices
    )


def select_option(html, value):
    """Return ``html`` (from ``option_elements``) with the option of ``value`` (a str)
    selected; as it is when no option has that value."""
    option = f'<option value="{escape(value)}">'
    return html.replace(option, option[:-1] + " selected>", 1)


class ListFilterSet(django_filters.FilterSet):
    """What a public list's filters share: the form's selects, the summary, the unknown values,
    the theme and centre lookups.

    The directory's, the agenda's (``events.filters``), the catalogue's (``library.filters``)
    and the news list's (``news.filters``).
    """

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is None:
            # Unbound: nothing is filtered and no form is built, so django-filter's deep copy
            # of every filter (with its field's choices) would serve nothing; this instance
            # has no filters (a tenth of the agenda's time).
            self.base_filters = {}
        elif any(data.get(name) for name in self.choice_lists()):
            # A list has a value: every list in one query, before the form reads them one by
            # one (the page's selects read the others).
            self.read_choices()
        super().__init__(data, queryset, **kwargs)

    @classmethod
    def choice_lists(cls):
        """Return {filter name: ``ChoiceList``} for the filters whose choices are one."""
        return {
            name: filter_.extra["choices"]
            for name, filter_ in cls.base_filters.items()
            if isinstance(filter_.extra.get("choices"), ChoiceList)
        }

    @classmethod
    def read_choices(cls):
        """Return the choices of the filters whose choices are a ``ChoiceList``, as
        {filter name: choices}, those not kept read in one query (``read_lists``)."""
        lists = cls.choice_lists()
        return dict(zip(lists, read_lists(list(lists.values())), strict=True))

    def get_form_class(self):
        """Return the form class of a bound FilterSet, built once per FilterSet class.

        django-filter builds it, and a field for each filter, for every FilterSet. The fields
        read their choices (callables) whenever the form validates, and each form deep-copies
        them: one class serves every request.
        """
        if not self.is_bound:
            return super().get_form_class()  # no filters (``__init__``)
        cls = type(self)
        if "_bound_form_class" not in cls.__dict__:
            cls._bound_form_class = super().get_form_class()
        return cls._bound_form_class

    @classmethod
    def from_params(cls, params, queryset):
        """Return the FilterSet of ``params`` (a QueryDict) over ``queryset``, unbound when no
        filter has a value in ``params``: it then copies no filter and builds no form (a deep
        copy of every field and its choices, a fifth of the directory's time)."""
        bound = any(params.get(name) for name in cls.base_filters)
        return cls(params if bound else None, queryset=queryset)

    def having(self, queryset, **lookups):
        """Return the rows of ``queryset`` matching ``lookups`` through a subquery on their id,
        so that a row reached by several joins appears once and the ordering stays the
        caller's."""
        return queryset.filter(pk__in=self._meta.model.objects.filter(**lookups).values("pk"))

    def filter_theme(self, queryset, name, value):
        """Keep the rows about the theme whose slug is ``value``."""
        return self.having(queryset, themes__slug=value)

    def filter_centre(self, queryset, name, value):
        """Keep the rows of the centre whose slug is ``value`` (its ``centres``)."""
        return self.having(queryset, centres__slug=value)

    @classmethod
    def selects(cls, selected):
        """Return what the directory's form draws for each filter, in order: (name, label,
        choices, current) with ``choices`` a ``DrawnChoices`` of (value, label) pairs, the
        empty choice first, and ``current`` the value of ``selected`` (a dict) or "".

        Plain lists, because django-filter's own choice iterator normalises every choice again
        on every pass: for the directory's 150 options that took longer than the rest of the
        page (benchmarks/README.md). Long lists come drawn with their source (régions and
        départements once per process, ``slug_list`` once per version of their model).
        """
        fields = []
        read = cls.read_choices()
        for name, filter_ in cls.base_filters.items():
            if "choices" not in filter_.extra:
                continue  # drawn by the page itself (dates)
            choices = read[name] if name in read else filter_.extra["choices"]
            choices = choices() if callable(choices) else choices
            choices = DrawnChoices.after_empty(filter_.extra["empty_label"], choices)
            fields.append((name, filter_.label, choices, selected.get(name) or ""))
        return fields

    @property
    def selected(self):
        """Return the values of the filters applied ({name: value}, the form's cleaned data);
        {} when the FilterSet is unbound (no filter in the address: no form is built then,
        which costs a deep copy of every field and its choices)."""
        return getattr(self.form, "cleaned_data", {}) if self.is_bound else {}

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
    def errors(self):
        """Return the form's errors ({filter name: messages}, the values ignored); {} when the
        FilterSet is unbound, without building the form (django-filter's would)."""
        return self.form.errors if self.is_bound else {}

    @property
    def invalid(self):
        """Return the labels of the filters whose value is unknown (they are ignored)."""
        return [self.form.fields[name].label for name in self.errors]

    def problem(self, name):
        """Return the French sentence saying that the value of the filter ``name`` (a key of
        the form's errors) was ignored."""
        return (
            f"Le filtre « {self.form.fields[name].label} » a une valeur que nous ne "
            f"connaissons pas (« {self.form.data.get(name, '')} »)\u00a0: il a été ignoré."
        )

    @property
    def problems(self):
        """Return a French sentence for each value of the address that was ignored."""
        return [self.problem(name) for name in self.errors]


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
    theme = theme_filter()
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
        return self.having(queryset, departements__region__code=value)

    def filter_departement(self, queryset, name, value):
        return self.having(queryset, departements__code=value)

    def filter_zone(self, queryset, name, value):
        overseas = Centre.objects.filter(departements__is_overseas=True).values("pk")
        if value == Zone.OVERSEAS:
            return queryset.filter(pk__in=overseas)
        return queryset.exclude(pk__in=overseas)
