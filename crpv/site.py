"""The site's absolute addresses, from ``settings.SITE_URL`` (``DJANGO_SITE_URL``)."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.urls import reverse


def absolute_url(path: str) -> str:
    """Return ``path`` (``/centres/labo-cites/``) as an absolute URL on the public site.

    Never built from the request's Host header: a stored page is the same for every client.
    """
    return settings.SITE_URL + path


def json_ld(data) -> str:
    """Return ``data`` as JSON for a ``<script type="application/ld+json">`` element.

    Escaped as Django's ``json_script`` does: the text can never close its element.
    """
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def centre_organisation(centre) -> dict:
    """Return ``centre`` as the schema.org ``Organization`` of a JSON-LD description: its
    name and the absolute address of its page."""
    return {
        "@type": "Organization",
        "name": centre.name,
        "url": absolute_url(centre.get_absolute_url()),
    }


def site_url(request):
    """Context processor: ``{{ site_url }}``, to prefix paths in templates."""
    return {"site_url": settings.SITE_URL}


class SiteSitemap(Sitemap):
    """A sitemap whose addresses are on ``SITE_URL``, whatever host the request named."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    @property
    def paginator(self):
        # The items as a list, counted without a COUNT query: one query a section, so that the
        # sitemap stays within a public page's four queries as content types are added.
        return Paginator(list(self._items()), self.limit)


class NamedPagesSitemap(SiteSitemap):
    """A sitemap of fixed pages: its ``items()`` are URL names (``"events:list"``)."""

    def location(self, item):
        return reverse(item)


class ListsSitemap(NamedPagesSitemap):
    """The list pages of a kind of content, named by their URL names (``"events:list"``)."""

    changefreq = "daily"
    priority = 0.7

    def __init__(self, *url_names):
        self.url_names = list(url_names)

    def items(self):
        return self.url_names


class ContentSitemap(SiteSitemap):
    """The published objects of a kind of content (``items()``), dated by their
    ``updated_at``."""

    priority = 0.5

    def lastmod(self, obj):
        return obj.updated_at
