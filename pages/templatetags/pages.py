from django import template
from django.utils.safestring import mark_safe

from pages.sanitize import clean_html

register = template.Library()


@register.filter
def rich_text(value):
    """Render a rich-text body: cleaned again at display, then marked safe."""
    return mark_safe(clean_html(value))  # noqa: S308 - cleaned by the allow-list just above


@register.filter
def fr_plural(count, suffix="s"):
    """Return ``suffix`` when ``count`` calls for the plural in French (2 and more)."""
    singular, _, plural = suffix.rpartition(",")
    return plural if count and count > 1 else singular


def nav_state(path, url):
    """Return "page" when ``url`` is the current page, "true" when it is above it, else ""."""
    if not url:
        return ""
    if path == url:
        return "page"
    if url != "/" and path.startswith(url):
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def nav_current(context, url):
    """Return the aria-current attribute for a navigation link to ``url``."""
    state = nav_state(context["request"].path, url)
    return mark_safe(f' aria-current="{state}"') if state else ""  # noqa: S308 - fixed words
