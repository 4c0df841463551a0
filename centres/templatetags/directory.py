"""Template tags of the public directory."""

import hashlib
from html import escape

from django import template
from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import mark_safe

from pages.typography import french_spacing

register = template.Library()


@register.simple_tag
def options(choices, current):
    """Return the ``<option>`` elements of a select, ``current`` (a value) selected.

    ``choices``: (value, label) pairs, escaped here. Written in Python rather than with
    Django's widget templates, which draw each option through a template of their own, or
    ``format_html``, or even Django's lazy-aware ``escape``: the directory's filters have some
    150 options, and drawing them that way took longer than the rest of the page
    (benchmarks/README.md). The standard library's ``html.escape`` escapes the same five
    characters.

    A long list (the centre filter's 2,000 options in the site search and the agenda) is
    drawn once and kept in the ``public`` cache under a digest of its choices: drawing it
    took 4–5 ms of every page, finding it by its digest a tenth of that. The selected value
    is then marked in the drawn text.
    """
    if len(choices) < LONG_LIST:
        return mark_safe(_drawn(choices, current))  # noqa: S308 - escaped by _drawn
    digest = hashlib.blake2b(
        "\x1f".join(f"{value}\x1e{label}" for value, label in choices).encode(), digest_size=16
    ).hexdigest()
    key = f"options:{digest}"
    drawn = caches["public"].get(key)
    if drawn is None:
        drawn = _drawn(choices, None)
        caches["public"].set(key, drawn, settings.PUBLIC_CACHE_TIMEOUT)
    if isinstance(current, str):
        value = f'<option value="{escape(current)}">'
        drawn = drawn.replace(value, f"{value[:-1]} selected>")
    return mark_safe(drawn)  # noqa: S308 - escaped by _drawn


# Lists at least this long are kept drawn (``options``).
LONG_LIST = 100


def _drawn(choices, current):
    """Return the ``<option>`` elements of ``choices``, escaped, ``current`` selected."""
    return "".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>'
        f"{escape(str(label))}</option>"
        for value, label in choices
    )


@register.filter
def french(value):
    """Return plain text with French typography (non-breaking spaces before « : ; ? ! » and
    inside guillemets, typographic apostrophes), as content pages get when saved: a centre's
    description comes from the admin and from imported files alike."""
    return french_spacing(value)
