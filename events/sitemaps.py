"""The sitemap's part for the agenda: its lists and every published event."""

from django.urls import reverse

from crpv.site import SiteSitemap
from events.models import Event


class AgendaSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["events:list", "events:archive"]

    def location(self, item):
        return reverse(item)


class EventSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Event.objects.published().order_by("slug")

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {"agenda": AgendaSitemap, "evenements": EventSitemap}
