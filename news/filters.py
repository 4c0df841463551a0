"""The news list's filters, kept in the URL like the agenda's (``events.filters``).

Centre: the items it publishes. Région: the items of the centres serving it, and the network's
own items (``is_national``, or naming no centre), which concern every région and say so
(« Réseau national des CRPV », ``NewsItem.publishers``). Theme: the items on it.
"""

from django.db.models import Q

from centres.filters import ListFilterSet, centre_filter, region_filter, theme_filter
from news.models import NewsItem


class NewsFilter(ListFilterSet):
    centre = centre_filter()
    region = region_filter()
    theme = theme_filter()

    class Meta:
        model = NewsItem
        fields = ()

    def filter_region(self, queryset, name, value):
        with_centres = NewsItem.objects.filter(centres__isnull=False).values("pk")
        regional = NewsItem.objects.filter(centres__departements__region__code=value).values("pk")
        return queryset.filter(Q(pk__in=regional) | Q(is_national=True) | ~Q(pk__in=with_centres))
