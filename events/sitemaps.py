"""The sitemap's part for the agenda: its lists and every published event."""

from crpv.site import ContentSitemap, ListsSitemap
from events.models import Event


class EventSitemap(ContentSitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("slug")


SITEMAPS = {"agenda": ListsSitemap("events:list", "events:archive"), "evenements": EventSitemap}
