"""Template tags of the public directory."""

from html import escape

from django import template
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
    """
    return mark_safe(  # noqa: S308 - every value and label escaped here
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>'
            f"{escape(str(label))}</option>"
            for value, label in choices
        )
    )


@register.filter
def french(value):
    """Return plain text with French typography (non-breaking spaces before « : ; ? ! » and
    inside guillemets, typographic apostrophes), as content pages get when saved: a centre's
    description comes from the admin and from imported files alike."""
    return french_spacing(value)
