"""The sitemap's directory part: its pages and every published centre."""

from django.urls import reverse

from centres.models import Centre
from crpv.site import SiteSitemap


class DirectorySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["pages:home", "centres:list", "centres:open_data"]

    def location(self, item):
        return reverse(item)


class CentreSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Centre.objects.published().order_by("slug")

    def lastmod(self, centre):
        return centre.updated_at
