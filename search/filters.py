"""The site search's filters (``/recherche/``), kept in the URL like the lists'.

They filter the index's rows (``search.Entry``) of every kind at once, each kind by what
links it to a centre or a theme: a centre is itself and has its themes; an event, a resource
or a news item has its centres (organisers, producers, publishers) and its themes. Content
pages belong to no centre and no theme: a filter leaves them out. Each condition is a
subquery of the same SQL query (no query of its own).
"""

import django_filters
from django.db.models import Q

from centres.filters import ListFilterSet, centre_filter, theme_filter
from centres.models import Centre
from events.models import Event
from library.models import Resource
from news.models import NewsItem
from search.index import kind_of
from search.models import Entry

# What a visitor reads for each kind (the facets, each result), and the kind's value in the
# address (``?type=evenement``), in the order of the facets.
KINDS = {
    "centre": ("centre", "Centre", "Centres"),
    "page": ("page", "Page", "Pages"),
    "event": ("evenement", "Événement", "Événements"),
    "resource": ("ressource", "Ressource", "Ressources"),
    "news": ("actualite", "Actualité", "Actualités"),
}
KIND_BY_SLUG = {slug: kind for kind, (slug, _one, _many) in KINDS.items()}
# Kinds linked to centres and themes by many-to-many fields named ``centres`` and ``themes``.
LINKED_MODELS = (Event, Resource, NewsItem)


def linked_to(centre_lookups: dict, **lookups) -> Q:
    """Return the condition on ``Entry`` rows of the objects linked to what the lookups
    name: centres matching ``centre_lookups`` (``{"slug": "labo-cites"}``), and the events,
    resources and news items matching ``lookups`` (``centres__slug="labo-cites"``)."""
    centres = Centre.objects.filter(**centre_lookups).values("pk")
    condition = Q(kind=kind_of(Centre), object_id__in=centres)
    for model in LINKED_MODELS:
        condition |= Q(
            kind=kind_of(model), object_id__in=model.objects.filter(**lookups).values("pk")
        )
    return condition


class SearchFilter(ListFilterSet):
    """The site search's filters, on ``Entry`` rows (``search.index.search_all``).

    ``type`` is validated here but applied by the view after the counts by kind, which count
    every kind (``filter_type`` leaves the rows as they are).
    """

    type = django_filters.ChoiceFilter(
        label="Type de contenu",
        choices=[(slug, many) for slug, _one, many in KINDS.values()],
        empty_label="Tous les contenus",
        method="filter_type",
    )
    centre = centre_filter()
    theme = theme_filter()

    class Meta:
        model = Entry
        fields = ()

    def filter_type(self, queryset, name, value):
        return queryset

    def filter_centre(self, queryset, name, value):
        return queryset.filter(linked_to({"slug": value}, centres__slug=value))

    def filter_theme(self, queryset, name, value):
        return queryset.filter(linked_to({"themes__slug": value}, themes__slug=value))

    @property
    def kind(self):
        """Return the kind the ``type`` filter asks for (``"event"``), or None."""
        return KIND_BY_SLUG.get(self.selected.get("type") or "")
