"""The sitemap's part for the agenda: its lists and every published event; the sitemaps of a
kind of content that the library's and the news' parts use too."""

from crpv.site import NamedPagesSitemap, SiteSitemap
from events.models import Event


class ListsSitemap(NamedPagesSitemap):
    """The list pages of a kind of content, named by their URL names (``"events:list"``)."""

    changefreq = "daily"
    priority = 0.7

    def __init__(self, *url_names):
        self.url_names = list(url_names)

    def items(self):
        return self.url_names


class ContentSitemap(SiteSitemap):
    """The published objects of a kind of content (``items()``), dated by their
    ``updated_at``."""

    priority = 0.5

    def lastmod(self, obj):
        return obj.updated_at


class EventSitemap(ContentSitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("slug")


SITEMAPS = {"agenda": ListsSitemap("events:list", "events:archive"), "evenements": EventSitemap}
