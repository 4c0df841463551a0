"""The sitemap's directory part: its pages and every published centre."""

from centres.models import Centre
from crpv.site import ContentSitemap, NamedPagesSitemap


class DirectorySitemap(NamedPagesSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["pages:home", "centres:list", "centres:open_data"]


class CentreSitemap(ContentSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Centre.objects.published().order_by("slug")
