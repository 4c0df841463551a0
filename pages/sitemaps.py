"""The sitemap's content pages: every published page, sub-pages included."""

from crpv.site import SiteSitemap
from pages.models import OPEN_DATA_SLUG, Page


class PageSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        # The open-data page's text heads /centres/donnees-ouvertes/, listed by the directory.
        return (
            Page.objects.published()
            .exclude(slug=OPEN_DATA_SLUG)
            .select_related("parent")
            .order_by("parent__slug", "slug")
        )

    def lastmod(self, page):
        return page.updated_at
