from django import template
from django.utils.safestring import mark_safe

from pages.navigation import drawn_key, nav_state, navigation

register = template.Library()


@register.filter
def rich_text(value):
    """Mark a rich-text body safe: ``Page.save()`` cleaned it (``pages.sanitize.clean_html``),
    once per edit rather than on every display."""
    return mark_safe(value)  # noqa: S308 - cleaned by pages.sanitize.clean_html on every save


@register.inclusion_tag("includes/header.html", takes_context=True)
def site_header(context):
    """Draw the header: the brand, the site search, the lists and the pages placed in the
    menu."""
    return {"request": context["request"], "nav": _navigation(context)}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    """Draw the footer: accessibility wording, the pages placed in the footer, open data."""
    return {"request": context["request"], "footer": _navigation(context)}


@register.simple_tag(takes_context=True)
def navigation_key(context):
    """Return the key under which the header and the footer of this page are kept drawn
    (``{% cache %}`` in ``base.html``; ``pages.navigation.drawn_key``)."""
    return drawn_key(_navigation(context), context["request"].path)


def _navigation(context):
    """Return ``navigation()``, read once for the header and the footer of a page."""
    request = context["request"]
    if not hasattr(request, "navigation"):
        request.navigation = navigation()
    return request.navigation


@register.filter
def fr_plural(count, suffix="s"):
    """Return ``suffix`` when ``count`` calls for the plural in French (2 and more)."""
    singular, _, plural = suffix.rpartition(",")
    return plural if count and count > 1 else singular


@register.simple_tag(takes_context=True)
def nav_current(context, url):
    """Return the aria-current attribute for a navigation link to ``url``."""
    state = nav_state(context["request"].path, url)
    return mark_safe(f' aria-current="{state}"') if state else ""  # noqa: S308 - fixed words
