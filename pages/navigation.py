"""The links of the header menu and the footer, read once per version of the pages."""

from django.db.models import BooleanField, ExpressionWrapper, Q, Subquery
from django.urls import reverse

from crpv.cache import data_version, versioned
from pages.models import OPEN_DATA_SLUG, HomePage, Page

# What the navigation reads: it is kept until one of them changes.
MODELS = [Page, HomePage]
# The fixed links of the header and the footer, by URL name.
FIXED_LINKS = {
    "home_url": "pages:home",
    "search_url": "search:results",
    "directory_url": "centres:list",
    "agenda_url": "events:list",
    "library_url": "library:list",
    "news_url": "news:list",
    "open_data_url": "centres:open_data",
    "site_map_url": "pages:site_map",
}


def navigation():
    """Return the links of the header and the footer, as a dict: ``menu`` and ``footer``
    ((title, path) pairs, in their positions), ``accessibility_status`` (the footer's wording),
    ``accessibility_url`` (empty when the statement is not published), the paths of
    ``FIXED_LINKS`` under their names, and ``links``, every path the header and the footer
    link to.

    One query when the pages changed, none after: kept in the shared cache per version of
    the pages (``crpv.cache.versioned``).
    """
    return versioned("navigation", _build, models=MODELS)


def drawn_key(navigation, path):
    """Return what the header and the footer drawn for the page at ``path`` (a str) depend on:
    the version of the pages and which of the ``navigation``'s links is the current page or
    above it (``nav_state``), as a str of a few dozen characters.

    The key of their ``{% cache %}`` in ``base.html``: they are the same on every page but
    for ``aria-current``, so one copy serves every page with the same current link, whatever
    the number of pages (a made-up address has none).
    """
    states = ",".join(nav_state(path, url) for url in navigation["links"])
    return f"{data_version(MODELS)}:{states}"


def nav_state(path, url):
    """Return "page" when ``url`` is the current page, "true" when it is above it, else ""."""
    if not url:
        return ""
    if path == url:
        return "page"
    if url != "/" and path.startswith(url):
        return "true"
    return ""


def _build():
    home = HomePage.objects.filter(pk=1)
    statement_id = Subquery(home.values("accessibility_page_id"))
    placed = Page.objects.published().filter(
        Q(menu_position__isnull=False) | Q(footer_position__isnull=False)
    )
    # The menu's and the footer's pages and the accessibility statement in one query, with
    # the home page's wording; placed in Python (a few dozen at most).
    rows = list(
        Page.objects.filter(Q(pk__in=placed.values("pk")) | Q(pk=statement_id))
        .select_related("parent")
        .annotate(
            is_placed=ExpressionWrapper(Q(pk__in=placed.values("pk")), BooleanField()),
            statement_id=statement_id,
            status_text=Subquery(home.values("accessibility_status")),
        )
    )
    if rows:
        statement = next((p for p in rows if p.pk == rows[0].statement_id), None)
        status = rows[0].status_text
    else:  # nothing placed and no statement: the wording alone
        statement, status = None, HomePage.shown().accessibility_status
    if status is None:  # no home page saved: its default wording
        status = HomePage().accessibility_status
    placed = [page for page in rows if page.is_placed]
    menu = sorted((p for p in placed if p.menu_position is not None), key=_by("menu_position"))
    footer = sorted(
        (p for p in placed if p.footer_position is not None), key=_by("footer_position")
    )
    built = {
        "menu": [(page.title, page.get_absolute_url()) for page in menu],
        # The open-data page and the accessibility statement have their own footer links.
        "footer": [
            (page.title, page.get_absolute_url())
            for page in footer
            if page.slug != OPEN_DATA_SLUG and (statement is None or page.pk != statement.pk)
        ],
        "accessibility_status": status,
        "accessibility_url": statement.get_absolute_url()
        if statement and statement.is_published
        else "",
        **{name: reverse(url_name) for name, url_name in FIXED_LINKS.items()},
    }
    built["links"] = [
        *(built[name] for name in FIXED_LINKS),
        *(url for _, url in built["menu"] + built["footer"]),
        built["accessibility_url"],
    ]
    return built


def _by(position):
    """Order pages by ``position``, then as ``Page.Meta.ordering`` would (title)."""
    return lambda page: (getattr(page, position), page.title, page.pk)
