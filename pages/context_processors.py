"""Navigation shared by every public page: the header menu and the footer.

Both are drawn once per content version and per state of their links (which one is the
current page), since they are the same on every page but for ``aria-current``. The values are
lazy, so pages that never show them (the admin) run no query for them.
"""

from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject

from crpv.cache import versioned
from crpv.templatetags.links import fixed_url
from pages.models import OPEN_DATA_SLUG, HomePage, Page, open_data_url
from pages.templatetags.pages import nav_state


class NavLink(NamedTuple):
    title: str
    url: str


def _menu():
    return [
        NavLink(page.title, page.get_absolute_url())
        for page in Page.objects.in_menu().select_related("parent")
    ]


def _footer():
    home = HomePage.current()
    statement = home.accessibility_page
    pages = [
        NavLink(page.title, page.get_absolute_url())
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


def _drawn(name, template, request, urls, context):
    """Return ``template`` drawn once per content version and per current-link state."""
    states = ",".join(nav_state(request.path, url) for url in urls)
    return versioned(
        f"{name}:{states}", lambda: render_to_string(template, {**context, "request": request})
    )


def _site_header(request):
    menu = versioned("menu", _menu)
    urls = ["/", fixed_url("centres:list"), *(item.url for item in menu)]
    return _drawn("site-header", "includes/header.html", request, urls, {"menu_pages": menu})


def _site_footer(request):
    footer = versioned("footer", _footer)
    urls = [footer["accessibility_url"], *(item.url for item in footer["pages"])]
    urls.append(footer["open_data_url"])
    return _drawn("site-footer", "includes/footer.html", request, urls, {"footer": footer})


def navigation(request):
    return {
        "header_html": SimpleLazyObject(lambda: _site_header(request)),
        "footer_html": SimpleLazyObject(lambda: _site_footer(request)),
    }
