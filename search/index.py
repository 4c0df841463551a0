"""One full-text index for the whole portal, the same on SQLite and PostgreSQL.

INTERFACE SKELETON. The naive bodies below (``icontains``) are placeholders, to be replaced by
the real index (French-aware, ranked, same results on both databases). The names and
signatures stay, so that the library, and later the news and the site search, code against
them.

A model takes part by being registered (``register(Model, kind)``) and by defining
``search_document(self) -> Document``; saves and deletes keep the index up to date.
"""

from __future__ import annotations

import dataclasses

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclasses.dataclass(frozen=True)
class Document:
    """What the index keeps of an object: texts by weight, and whether the public sees it."""

    title: str
    summary: str = ""
    body: str = ""
    published: bool = True


_REGISTRY: dict[type, str] = {}


def register(model: type, kind: str) -> None:
    """Index ``model``'s objects under ``kind`` (``"resource"``, ``"event"``…)."""
    _REGISTRY[model] = kind


def ranked(queryset: QuerySet, query: str) -> QuerySet:
    """Return ``queryset`` narrowed to the objects matching ``query``, best first.

    The result is still a QuerySet of the same model (filters, ``values``, counts and
    pagination work on it); it carries a ``search_rank`` annotation.
    """
    words = query.split()
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(summary__icontains=word)
    return queryset.filter(condition)


def snippet(text: str, query: str, length: int = 240) -> SafeString:
    """Return about ``length`` characters of ``text`` around the first word of ``query`` found,
    HTML-escaped, the words found in ``<mark>``."""
    return mark_safe(escape(text[:length]))
