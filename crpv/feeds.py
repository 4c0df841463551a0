"""RSS 2.0 and Atom feeds of new content, on Django's syndication framework.

One ``SiteFeed`` subclass per kind of content (``events.feeds.EventFeed``; the news and the
library's resources the same way) gives both formats through ``feed_views()``:

- **Scope**: the whole network, one centre (``?centre=<slug>``) or one theme
  (``?theme=<slug>``), or both; the same parameter names as the lists. A value that names no
  published centre or no theme is a 404 (``FeedDoesNotExist``), never an empty feed.
- **Absolute URLs** from ``settings.SITE_URL`` (``crpv.site.absolute_url``), never from the
  Host header: the syndication framework would otherwise build them from the request
  (``RequestSite``), and a stored feed is the same for every client.
- **Order and size**: the newest publication first, ``FEED_ITEMS`` items at most.
- **Caching**: the views are ``@public_page`` (``crpv.cache``), stored whole per content version.

Lists announce their feeds with ``feed_links()`` and ``templates/includes/feed_links.html``
(``<link rel="alternate">``) and ``templates/includes/follow_feed.html`` (« Suivre (RSS) »).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed, FeedDoesNotExist
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import urlencode

from centres.filters import centre_choices, read_lists, theme_choices
from centres.models import Centre, Theme
from crpv.cache import public_page
from crpv.site import absolute_url

# Items in a feed: feed readers keep what they have read, so a few weeks of new content.
FEED_ITEMS = 50
FEED_PARAMS = ("centre", "theme")
NETWORK = "Réseau des centres de ressources politique de la ville"


@dataclass(frozen=True)
class FeedScope:
    """What a feed covers: ``centre`` and ``theme`` are (slug, name) pairs or None (all)."""

    centre: tuple | None = None
    theme: tuple | None = None

    @property
    def query(self) -> str:
        """Return the query string naming this scope (``centre=labo-cites``), or ''."""
        parts = (("centre", self.centre), ("theme", self.theme))
        return urlencode([(name, value[0]) for name, value in parts if value])

    @property
    def label(self) -> str:
        """Return the scope in French (« Labo Cités, thème « Emploi » »), or '' for all."""
        theme = self.theme and f"thème «\u00a0{self.theme[1]}\u00a0»"
        return ", ".join(part for part in (self.centre and self.centre[1], theme) if part)

    def narrow(self, queryset):
        """Return the rows of ``queryset`` in this scope: of the centre (through their
        ``centres``), about the theme (their ``themes``), with the names of both prefetched
        for the items' categories."""
        if self.centre:
            queryset = queryset.filter(centres__slug=self.centre[0])
        if self.theme:
            queryset = queryset.filter(themes__slug=self.theme[0])
        return queryset.prefetch_related(
            Prefetch("centres", queryset=Centre.objects.only("name")),
            Prefetch("themes", queryset=Theme.objects.only("name")),
        )

    @classmethod
    def from_params(cls, params, strict=True):
        """Return the scope named by ``params`` (a QueryDict: ``centre``, ``theme``).

        With ``strict``, raise ``FeedDoesNotExist`` (a 404) for a value that names no
        published centre or no theme, or for a parameter given twice; otherwise leave such
        a value out (a list page's own filters say what was ignored). No query: the choices
        are kept per content version (``crpv.cache.versioned``), read in one query when not.
        """
        found = {}
        given = [name for name in ("centre", "theme") if params.getlist(name)]
        lists = {"centre": centre_choices, "theme": theme_choices}
        for name, choices in zip(given, read_lists([lists[name] for name in given]), strict=True):
            values = params.getlist(name)
            names = dict(choices)
            if len(values) == 1 and values[0] in names:
                found[name] = (values[0], names[values[0]])
            elif strict:
                raise FeedDoesNotExist(name)
        return cls(**found)


class _SiteRequest:
    """The request as the syndication framework sees it: host and scheme of ``SITE_URL``.

    Whatever a subclass returns as a path, the framework then completes it with the site's
    address, not the Host header's.
    """

    def __init__(self, request):
        self._request = request
        self._site = urlsplit(absolute_url("/"))

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self):
        return self._site.netloc

    def is_secure(self):
        return self._site.scheme == "https"


class SiteFeed(Feed):
    """A feed of new content of the portal, in French, RSS 2.0 (``Atom`` for Atom 1.0).

    Subclasses set ``feed_title``, ``feed_description``, ``list_url_name`` (the list page the
    feed follows, which takes the same ``centre`` and ``theme`` parameters) and ``url_names``
    ({"rss": …, "atom": …}), and define ``scoped_items(scope)``: a queryset of the
    published items of ``scope`` (a ``FeedScope``, whose ``narrow`` filters a queryset on it),
    newest publication first. Items must have
    ``get_absolute_url()``, ``published_at`` and ``updated_at`` (aware datetimes).
    """

    feed_type = Rss201rev2Feed
    language = "fr"
    limit = FEED_ITEMS
    feed_title = ""
    feed_description = ""
    list_url_name = ""
    url_names = {}
    author_name = NETWORK
    format_key = "rss"

    def scoped_items(self, scope):
        raise NotImplementedError

    def get_object(self, request, *args, **kwargs):
        return FeedScope.from_params(request.GET)

    def get_feed(self, obj, request):
        return super().get_feed(obj, _SiteRequest(request))

    def _with_query(self, path, scope):
        return absolute_url(path + (f"?{scope.query}" if scope.query else ""))

    def title(self, scope):
        return f"{self.feed_title} — {scope.label}" if scope.label else self.feed_title

    def description(self, scope):
        if scope.label:
            return f"{self.feed_description} Sélection\u00a0: {scope.label}."
        return self.feed_description

    subtitle = description  # Atom's name for it

    def link(self, scope):
        return self._with_query(reverse(self.list_url_name), scope)

    def feed_url(self, scope):
        return self._with_query(reverse(self.url_names[self.format_key]), scope)

    def items(self, scope):
        return self.scoped_items(scope)[: self.limit]

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


def feed_views(feed_class):
    """Return (RSS view, Atom view) of ``feed_class`` (a ``SiteFeed``), both ``@public_page``
    with the ``centre`` and ``theme`` parameters."""
    atom_class = type(
        f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed, "format_key": "atom"}
    )
    views = []
    for cls in (feed_class, atom_class):
        feed = cls()

        def view(request, feed=feed):
            return feed(request)

        view.__name__ = view.__qualname__ = f"{cls.__name__.lower()}_view"
        views.append(public_page(view, params=FEED_PARAMS))
    return tuple(views)


def feed_links(feed_class, params):
    """Return what a list page needs to announce the feeds of its selection: a dict with
    ``rss`` and ``atom`` (absolute URLs), ``title`` and ``label`` (the scope, or '').

    ``params`` are the list's parameters (a QueryDict): its centre and theme, when they name
    a published centre and a theme, choose the feed; its other filters are not in feeds.
    """
    scope, feed = FeedScope.from_params(params, strict=False), feed_class()
    return {
        "rss": feed._with_query(reverse(feed_class.url_names["rss"]), scope),
        "atom": feed._with_query(reverse(feed_class.url_names["atom"]), scope),
        "title": feed.title(scope),
        "label": scope.label,
    }
