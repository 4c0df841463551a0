"""The links of the header menu and the footer, read once per content version."""

from django.urls import reverse

from crpv.cache import versioned
from pages.models import OPEN_DATA_SLUG, HomePage, Page


def navigation():
    """Return the links of the header and the footer, as a dict: ``menu`` and ``footer``
    ((title, path) pairs, in their positions), ``accessibility_status`` (the footer's wording),
    ``accessibility_url`` (empty when the statement is not published) and ``open_data_url``.

    Three queries when the content changed, none after: kept in the shared cache per version.
    """
    return versioned("navigation", _build)


def _build():
    home = HomePage.current()
    statement = home.accessibility_page
    return {
        "menu": [
            (page.title, page.get_absolute_url())
            for page in Page.objects.in_menu().select_related("parent")
        ],
        # The open-data page and the accessibility statement have their own footer links.
        "footer": [
            (page.title, page.get_absolute_url())
            for page in Page.objects.in_footer().select_related("parent")
            if page.slug != OPEN_DATA_SLUG and (statement is None or page.pk != statement.pk)
        ],
        "accessibility_status": home.accessibility_status,
        "accessibility_url": statement.get_absolute_url()
        if statement and statement.is_published
        else "",
        "open_data_url": reverse("centres:open_data"),
    }
