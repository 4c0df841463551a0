"""The sitemap's part for the news: the list and every item visitors see."""

from crpv.site import ContentSitemap, ListsSitemap
from news.models import NewsItem


class NewsSitemap(ContentSitemap):
    changefreq = "monthly"

    def items(self):
        return NewsItem.objects.public().order_by("slug").only("slug", "updated_at")


SITEMAPS = {"actualites": ListsSitemap("news:list"), "actualites-articles": NewsSitemap}
