"""Template tags of the public directory."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def options(choices, current):
    """Return the ``<option>`` elements of a select, ``current`` (a value) selected.

    ``choices``: (value, label) pairs, escaped here. Written in Python rather than with
    Django's widget templates, which draw each option through a template of their own: the
    directory's filters have some 150 options, and drawing them took longer than the rest of
    the page (benchmarks/README.md).
    """
    selected = mark_safe(" selected")
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, selected if str(value) == current else "", label) for value, label in choices),
    )
