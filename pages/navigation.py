"""The links of the header menu and the footer, read once per content version."""

from django.db.models import Q
from django.urls import reverse

from crpv.cache import versioned
from pages.models import OPEN_DATA_SLUG, HomePage, Page


def navigation():
    """Return the links of the header and the footer, as a dict: ``menu`` and ``footer``
    ((title, path) pairs, in their positions), ``accessibility_status`` (the footer's wording),
    ``accessibility_url`` (empty when the statement is not published) and ``open_data_url``.

    Two queries when the content changed, none after: kept in the shared cache per version.
    """
    return versioned("navigation", _build, models=[Page, HomePage])


def _build():
    home = HomePage.shown()
    statement = home.accessibility_page
    # The menu's and the footer's pages in one query, placed in Python (a few dozen at most).
    placed = list(
        Page.objects.published()
        .filter(Q(menu_position__isnull=False) | Q(footer_position__isnull=False))
        .select_related("parent")
    )
    menu = sorted((p for p in placed if p.menu_position is not None), key=_by("menu_position"))
    footer = sorted(
        (p for p in placed if p.footer_position is not None), key=_by("footer_position")
    )
    return {
        "menu": [(page.title, page.get_absolute_url()) for page in menu],
        # The open-data page and the accessibility statement have their own footer links.
        "footer": [
            (page.title, page.get_absolute_url())
            for page in footer
            if page.slug != OPEN_DATA_SLUG and (statement is None or page.pk != statement.pk)
        ],
        "accessibility_status": home.accessibility_status,
        "accessibility_url": statement.get_absolute_url()
        if statement and statement.is_published
        else "",
        "open_data_url": reverse("centres:open_data"),
    }


def _by(position):
    """Order pages by ``position``, then as ``Page.Meta.ordering`` would (title)."""
    return lambda page: (getattr(page, position), page.title, page.pk)
