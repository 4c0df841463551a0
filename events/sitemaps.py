"""The sitemap's part for the agenda: its lists and every published event."""

from crpv.site import NamedPagesSitemap, SiteSitemap
from events.models import Event


class AgendaSitemap(NamedPagesSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["events:list", "events:archive"]


class EventSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Event.objects.published().order_by("slug")

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {"agenda": AgendaSitemap, "evenements": EventSitemap}
