"""The items of a public list, drawn once and kept in the ``public`` cache: the directory's
cards (``centres.views``) and the agenda's events (``events.views``).

Drawing a few dozen items with the template engine costs more than the rest of a list's view
(benchmarks/README.md). So each item's HTML is kept in the ``public`` cache (with a copy in
each worker, ``crpv.cache.LocalCopiesCache``) under a key naming what it shows: a page reads
its items in one ``get_many``, and draws only the missing ones, from the objects its caller
fetches for them, stored with one ``set_many``. Keys start with a digest of the item's
template, so that a release that changes it draws the items again.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


@functools.cache
def template_revision(template: str) -> str:
    """Return a short digest of ``template`` (a path under ``templates/``)."""
    source = (settings.BASE_DIR / "templates" / template).read_bytes()
    return hashlib.sha256(source).hexdigest()[:8]


def drawn_items(template, keys, fetch, name, **context):
    """Return {id: HTML} of the items ``keys`` ({id: key naming what the item shows, of a
    fixed prefix and never a value read from a request}), in the order of ``keys``.

    The items not stored are drawn with ``template``, each object of ``fetch(ids)`` (model
    instances, ``ids`` the list of missing ids) given as ``name``, with ``context``. An id
    that ``fetch`` does not return (deleted meanwhile) is left out. The HTML is marked safe:
    the template escapes what it draws.
    """
    revision = template_revision(template)
    full = {pk: f"{revision}:{key}" for pk, key in keys.items()}
    found = caches["public"].get_many(list(full.values()))
    missing = [pk for pk, key in full.items() if key not in found]
    if missing:
        drawn = {
            full[item.pk]: render_to_string(template, {name: item, **context})
            for item in fetch(missing)
        }
        caches["public"].set_many(drawn, settings.PUBLIC_CACHE_TIMEOUT)
        found.update(drawn)
    return {pk: mark_safe(found[key]) for pk, key in full.items() if key in found}  # noqa: S308


def joined(items):
    """Return the HTML ``items`` (from ``drawn_items``) as one safe str: a template then
    writes a list of a few dozen items as one variable, not one at a time."""
    return mark_safe("".join(items))  # noqa: S308 - each item drawn by its template
