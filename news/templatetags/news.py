"""Template tags of the news: the latest items on the home page and on a centre's page."""

from django import template
from django.utils import timezone

from crpv.cache import versioned
from crpv.sections import CENTRE_COUNT, HOME_COUNT, Section
from news.models import NewsItem

register = template.Library()

SECTION = Section("latest-news", "news/_latest_news_item.html", "news:list", "news-list")


def summaries(items):
    """Return what a short list shows of each item, as plain dicts (kept in the cache)."""
    return [
        {
            "title": item.title,
            "url": item.get_absolute_url(),
            "date": timezone.localtime(item.published_at).date(),
            "summary": item.summary,
        }
        for item in items
    ]


def _latest():
    return NewsItem.objects.public().newest_first().only("title", "slug", "published_at", "summary")


@register.inclusion_tag("includes/section.html")
def latest_news():
    """Draw the network's latest news (home page): one query per content version."""
    items = versioned("latest-news", lambda: summaries(_latest()[:HOME_COUNT]))
    return SECTION.context(items, "Actualités du réseau", "Toutes les actualités")


@register.inclusion_tag("includes/section.html")
def centre_news(centre):
    """Draw the latest news published by ``centre`` (a centre's page): one query."""
    items = summaries(_latest().filter(centres=centre)[:CENTRE_COUNT])
    return SECTION.context(
        items, "Actualités du centre", "Toutes les actualités du centre", centre=centre
    )
