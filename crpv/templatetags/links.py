"""``{% link %}``: ``{% url %}`` for fixed addresses, reversed once per process.

Reversing a URL name costs about as much as drawing a dozen template variables, and the
directory page links to the same few fixed addresses on every request. Only for names with
constant arguments (each distinct call is remembered); use ``{% url %}`` for the rest.
"""

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@functools.lru_cache(maxsize=256)
def _reverse(prefix, urlconf, name, args):
    return reverse(name, urlconf=urlconf, args=args)


@register.simple_tag(name="link")
def fixed_url(name, *args):
    """Return the path of the URL named ``name`` (with ``args``), as ``{% url %}`` does."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(get_script_prefix(), urlconf, name, tuple(str(arg) for arg in args))
