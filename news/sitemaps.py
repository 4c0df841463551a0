"""The sitemap's part for the news: the list and every item visitors see."""

from crpv.site import NamedPagesSitemap, SiteSitemap
from news.models import NewsItem


class NewsListSitemap(NamedPagesSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["news:list"]


class NewsSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return NewsItem.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"actualites": NewsListSitemap, "actualites-articles": NewsSitemap}
