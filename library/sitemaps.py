"""The sitemap's part for the library: its catalogue and every published resource."""

from crpv.site import ContentSitemap, ListsSitemap
from library.models import Resource


class ResourceSitemap(ContentSitemap):
    changefreq = "monthly"

    def items(self):
        return Resource.objects.published().only("slug", "updated_at").order_by("slug")


SITEMAPS = {"catalogue": ListsSitemap("library:list"), "ressources": ResourceSitemap}
