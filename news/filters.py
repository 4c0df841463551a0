"""The news list's filters, kept in the URL like the agenda's (``events.filters``).

Centre: the items it publishes. Région: the items of the centres serving it (the network's
own items concern every région, and are listed without this filter). Theme: the items on it.
"""

import django_filters

from centres.filters import ListFilterSet, centre_choices, region_filter, theme_choices
from news.models import NewsItem


def _with(**lookups):
    return NewsItem.objects.filter(**lookups).values("pk")


class NewsFilter(ListFilterSet):
    centre = django_filters.ChoiceFilter(
        label="Centre",
        choices=centre_choices,
        empty_label="Tous les centres",
        method="filter_centre",
    )
    region = region_filter()
    theme = django_filters.ChoiceFilter(
        label="Thème", choices=theme_choices, empty_label="Tous les thèmes", method="filter_theme"
    )

    class Meta:
        model = NewsItem
        fields = ()

    def filter_centre(self, queryset, name, value):
        return queryset.filter(pk__in=_with(centres__slug=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(pk__in=_with(centres__departements__region__code=value))

    def filter_theme(self, queryset, name, value):
        return queryset.filter(pk__in=_with(themes__slug=value))

    @property
    def problems(self):
        """Return a French sentence for each value of the address that was ignored."""
        return [
            f"Le filtre « {self.form.fields[name].label} » a une valeur que nous ne connaissons "
            f"pas (« {self.form.data.get(name, '')} »)\u00a0: il a été ignoré."
            for name in self.form.errors
        ]
