"""Navigation shared by every public page: the header menu and the footer.

The values are lazy, so pages that never show them (the admin) run no query for them.
"""

from django.utils.functional import SimpleLazyObject

from crpv.cache import versioned
from pages.models import OPEN_DATA_SLUG, HomePage, Page, open_data_url


def _menu():
    return list(Page.objects.in_menu().select_related("parent"))


def _footer():
    home = HomePage.current()
    statement = home.accessibility_page
    pages = [
        page
        for page in Page.objects.in_footer().select_related("parent")
        # These two have their own fixed links in the footer.
        if page.slug != OPEN_DATA_SLUG and (statement is None or page.pk != statement.pk)
    ]
    return {
        "pages": pages,
        "accessibility_status": home.accessibility_status,
        "accessibility_url": statement.get_absolute_url()
        if statement and statement.is_published
        else "",
        "open_data_url": open_data_url(),
    }


def navigation(request):
    return {
        "menu_pages": SimpleLazyObject(lambda: versioned("menu", _menu)),
        "footer": SimpleLazyObject(lambda: versioned("footer", _footer)),
    }
