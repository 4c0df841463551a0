"""The news list's filters, kept in the URL like the agenda's (``events.filters``).

Centre: the items it publishes. Région: the items of the centres serving it (the network's
own items concern every région, and are listed without this filter). Theme: the items on it.
"""

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
        return self.having(queryset, centres__departements__region__code=value)
