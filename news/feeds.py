"""RSS 2.0 and Atom feeds of the news (``/actualites/flux.rss``, ``/actualites/flux.atom``),
for the whole network, one centre (``?centre=``) or one theme (``?theme=``): ``crpv.feeds``.

Scheduled items are not in the feeds before their time (``NewsQuerySet.public``); the page
cache moves on at that time by itself (``crpv.cache.watch_schedule``). Three queries: the
items, their centres, their themes.
"""

from django.utils.html import format_html

from crpv.feeds import SiteFeed, feed_views
from news.models import NewsItem


class NewsFeed(SiteFeed):
    """The news, latest published first."""

    feed_title = "Actualités — Réseau CRPV"
    feed_description = (
        "Les actualités des centres de ressources politique de la ville et du réseau national, "
        "les dernières publiées d’abord."
    )
    list_url_name = "news:list"
    url_names = {"rss": "news:rss", "atom": "news:atom"}

    def scoped_items(self, scope):
        return scope.narrow(NewsItem.objects.public()).newest_first()

    def item_title(self, item):
        # Plain text, as the event feeds' (events.feeds): feed readers read titles as text.
        return item.title

    def item_description(self, item):
        return format_html("<p>{}</p>", item.summary) if item.summary else ""

    def item_author_name(self, item):
        return ", ".join(item.publishers())

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


rss, atom = feed_views(NewsFeed)
