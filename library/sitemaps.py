"""The sitemap's part for the library: its catalogue and every published resource."""

from crpv.site import NamedPagesSitemap, SiteSitemap
from library.models import Resource


class CatalogueSitemap(NamedPagesSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["library:list"]


class ResourceSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Resource.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, resource):
        return resource.updated_at


SITEMAPS = {"catalogue": CatalogueSitemap, "ressources": ResourceSitemap}
