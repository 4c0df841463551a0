"""What every public list shares: its address's parameters read safely, and its page.

The directory, the agenda, the library, the news and the site search read their parameters
through ``clean_params`` (no input reaches the database in a form it would reject), pick
their page with ``page_or_nearest`` (a page that does not exist gives the nearest one and a
notice, never a 404 or a 500) and link their other pages and exports with
``query_without_page``.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict

from centres.search import clean_query

# Longest value (and name) kept of a parameter, in characters.
MAX_PARAM_LENGTH = 200


def clean_params(query_dict: QueryDict) -> QueryDict:
    """Return a mutable copy of ``query_dict`` (GET parameters): control characters (NUL
    included, which PostgreSQL refuses) removed, at most 50 names of at most 5 values each,
    every name and value cut to ``MAX_PARAM_LENGTH`` characters. Never raises."""
    cleaned = QueryDict(mutable=True)
    for key in list(query_dict.keys())[:50]:
        values = [clean_query(value)[:MAX_PARAM_LENGTH] for value in query_dict.getlist(key)[:5]]
        cleaned.setlist(clean_query(key)[:MAX_PARAM_LENGTH], values)
    return cleaned


def query_without_page(params: QueryDict) -> str:
    """Return the query string of ``params`` (a QueryDict) without its ``page`` parameter."""
    keep = params.copy()
    keep.pop("page", None)
    return keep.urlencode()


def page_or_nearest(paginator: Paginator, raw: str | None) -> tuple[Page, str]:
    """Return ``(page, notice)``: the page of ``paginator`` that ``raw`` (the ``page``
    parameter as typed, or None) asks for, else the nearest one (the first for a value that
    is not a page number, the last past the end) with a French notice saying so (else
    ``""``)."""
    if raw in (None, ""):
        return _first_page(paginator), ""
    if not (raw.isdigit() and len(raw) < 7 and int(raw) > 0):
        notice = "Le numéro de page demandé n’est pas valide\u00a0: voici la première page."
        return _first_page(paginator), notice
    if int(raw) > paginator.num_pages:
        pages = paginator.num_pages
        if pages == 1:
            return paginator.page(1), "Il n’y a qu’une page de résultats\u00a0: la voici."
        return paginator.page(pages), (
            f"Il n’y a que {pages} pages de résultats\u00a0: voici la dernière."
        )
    return paginator.page(int(raw)), ""


def _first_page(paginator: Paginator) -> Page:
    """Return the first page of ``paginator``. When its list is a QuerySet not counted yet,
    its first rows are read with one more than a page: a list that fits in one page (the
    directory's twenty centres) is then known without a ``COUNT`` query, and a longer one
    counts as before, its page taken from the rows already read."""
    plain = not paginator.orphans and "count" not in paginator.__dict__
    if not (plain and isinstance(paginator.object_list, QuerySet)):
        return paginator.page(1)
    rows = list(paginator.object_list[: paginator.per_page + 1])
    if len(rows) <= paginator.per_page:
        paginator.count = len(rows)  # the cached_property Paginator would have filled
    paginator.validate_number(1)  # counts a longer list; an empty one is allowed or not
    return Page(rows[: paginator.per_page], 1, paginator)
