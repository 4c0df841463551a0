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


@register.simple_tag(takes_context=True)
def nav_current(context, url):
    """Return the aria-current attribute for a navigation link to ``url``."""
    path = context["request"].path
    if path == url:
        return mark_safe(' aria-current="page"')
    if url != "/" and path.startswith(url):
        return mark_safe(' aria-current="true"')
    return ""
