"""Template tags of the public directory."""

from django import template
from django.utils.safestring import mark_safe

from centres.filters import DrawnChoices, option_elements, select_option
from pages.typography import french_spacing

register = template.Library()


@register.simple_tag
def options(choices, current):
    """Return the ``<option>`` elements of a select, ``current`` (a value) selected.

    ``choices``: (value, label) pairs, escaped here; a ``DrawnChoices`` brings them drawn
    already (``ListFilterSet.selects``), a plain list (the library's counted choices) is
    drawn here (``option_elements``).
    """
    html = choices.html if isinstance(choices, DrawnChoices) else option_elements(choices)
    return mark_safe(select_option(html, current))  # noqa: S308 - escaped by option_elements


@register.filter
def french(value):
    """Return plain text with French typography (non-breaking spaces before « : ; ? ! » and
    inside guillemets, typographic apostrophes), as content pages get when saved: a centre's
    description comes from the admin and from imported files alike."""
    return french_spacing(value)
