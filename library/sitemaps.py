"""The sitemap's part for the library: its catalogue and every published resource."""

from django.urls import reverse

from crpv.site import SiteSitemap
from library.models import Resource


class CatalogueSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["library:list"]

    def location(self, item):
        return reverse(item)


class ResourceSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Resource.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, resource):
        return resource.updated_at


SITEMAPS = {"catalogue": CatalogueSitemap, "ressources": ResourceSitemap}
