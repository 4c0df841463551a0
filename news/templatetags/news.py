"""Template tags of the news: the latest items on the home page and on a centre's page."""

from django import template
from django.urls import reverse
from django.utils import timezone

from crpv.cache import versioned
from news.models import NewsItem

register = template.Library()

HOME_COUNT = 3
CENTRE_COUNT = 3


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


@register.inclusion_tag("news/_latest_news.html")
def latest_news():
    """Draw the network's latest news (home page): one query per content version."""
    items = versioned("latest-news", lambda: summaries(_latest()[:HOME_COUNT]))
    return {
        "items": items,
        "heading": "Actualités du réseau",
        "more_url": reverse("news:list"),
        "more_label": "Toutes les actualités",
        "section_class": "container home-section",
    }


@register.inclusion_tag("news/_latest_news.html")
def centre_news(centre):
    """Draw the latest news published by ``centre`` (a centre's page): one query."""
    items = summaries(_latest().filter(centres=centre)[:CENTRE_COUNT])
    return {
        "items": items,
        "heading": "Actualités du centre",
        "more_url": reverse("news:list") + f"?centre={centre.slug}",
        "more_label": "Toutes les actualités du centre",
        "section_class": "container",
    }
