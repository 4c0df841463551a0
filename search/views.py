"""The site search, ``/recherche/?q=…``: centres, pages, events, resources and news in one
list, best first (``search.index.search_all``), with counts by kind and filters by kind,
centre and theme (``search.filters.SearchFilter``).

A query that names a place (a postcode, a commune, a département, a région: read by the
directory's ``centres.search.understand``, with no SQL) first shows the centres serving that
territory, its next events and its latest resources, then the words' results.

Four queries whatever the amount of content: the counts by kind, the page of results and its
texts (``search_all``), and, for a place, the territory's rows (``territory_entries``).
Scheduled news items are left out until their time (``visible``).
"""

import itertools

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Q, When, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from centres.models import Centre
from centres.search import Reading, understand
from crpv.cache import public_page
from crpv.listing import clean_params, page_or_nearest
from events.models import Event, today
from library.filters import in_territory
from library.models import Resource
from news.models import NewsItem
from search.filters import KINDS, SearchFilter
from search.index import highlight, kind_of, search_all, snippet
from search.models import Entry

PAGE_SIZE = 20
FILTER_PARAMS = ("q", *SearchFilter.base_filters)
LIST_PARAMS = (*FILTER_PARAMS, "page")
# Rows of each kind in the territory's block.
TERRITORY_ROWS = 3
# A word that is only the name of communes this small (« Le Quartier », « École », « Ville »)
# is read as a word, not a place: here, unlike the directory's box, most queries are topics.
MIN_POPULATION = 2000


def place_reading(q):
    """Return the ``centres.search.Reading`` of ``q`` as a place, as the directory reads it
    (``understand``: no SQL), or an empty one when ``q`` is only the name of small communes
    (fewer than ``MIN_POPULATION`` inhabitants) with no postcode or département given."""
    reading = understand(q)
    territories = reading.territories
    if (
        territories
        and all(t.kind == "commune" for t in territories)
        and not any(ch.isdigit() for ch in q)
        and max(t.population for t in territories) < MIN_POPULATION
    ):
        return Reading()
    return reading


def visible(entries):
    """Return ``entries`` (``Entry`` rows) without the news items scheduled for later."""
    return entries.exclude(
        kind=kind_of(NewsItem), object_id__in=NewsItem.objects.scheduled().values("pk")
    )


def _item(entry, q, day):
    """Return what a result shows of ``entry`` (with its ``text``): with a query, a passage
    around its words from the summary and body; without (the territory's rows, whose body is
    not loaded), the start of the summary."""
    text = entry.text
    passage = snippet(f"{text.summary}\n{text.body}", q) if q else snippet(text.summary, "")
    _slug, label, _many = KINDS.get(entry.kind, ("", entry.kind, ""))
    dated = entry.kind in (kind_of(NewsItem), kind_of(Resource))
    return {
        "kind": entry.kind,
        "label": label,
        "url": text.url,
        "title": highlight(text.title, q),
        "snippet": passage,
        "date": entry.date if dated else None,
        "past": entry.kind == kind_of(Event) and entry.date is not None and entry.date < day,
    }


def territory_entries(codes):
    """Return the index's rows (with their texts) of the territory of the départements
    ``codes``: the published centres serving it (by name), its next events (held there,
    organised by a centre serving it, or online: ``EventQuerySet.in_territory``), soonest
    first, and its latest resources (``library.filters.in_territory``); at most
    ``TERRITORY_ROWS`` of each, in one query, as {kind: [entries]}."""
    centres = Centre.objects.published().filter(departements__code__in=codes).values("pk")
    events = Event.objects.published().upcoming().in_territory(code__in=codes).values("pk")
    resources = Resource.objects.published().filter(pk__in=in_territory(code__in=codes))
    event = kind_of(Event)
    rows = (
        Entry.objects.filter(published=True)
        .filter(
            Q(kind=kind_of(Centre), object_id__in=centres)
            | Q(kind=event, object_id__in=events)
            | Q(kind=kind_of(Resource), object_id__in=resources.values("pk"))
        )
        .select_related("text")
        .defer("text__terms", "text__body")
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("kind")],
                # Events soonest first (their date is the day they end); resources newest
                # first; centres (no date) by name.
                order_by=[
                    Case(When(kind=event, then=F("date"))).asc(),
                    F("date").desc(nulls_last=True),
                    F("text__title").asc(),
                    F("object_id").asc(),
                ],
            )
        )
        .filter(position__lte=TERRITORY_ROWS)
    )
    rows = sorted(rows, key=lambda e: (e.kind, e.position))
    return {kind: list(group) for kind, group in itertools.groupby(rows, key=lambda e: e.kind)}


@public_page(params=LIST_PARAMS)
def results(request):
    """The site search's page: the form and its help without ``q``; otherwise the place
    read in ``q`` (if any), the results, 20 a page, the counts by kind and the filters.
    Unknown filter values are ignored and said (status 400); a page past the end shows the
    last. Pages that found nothing, or whose address was made up, are not stored."""
    params = clean_params(request.GET)
    q = params.get("q", "").strip()
    filterset = SearchFilter.from_params(params, visible(search_all(q)))
    problems = filterset.problems
    context = {
        "q": q,
        "filter": filterset,
        # The kind is chosen by the counts' links, not in the form.
        "filter_fields": [
            field for field in SearchFilter.selects(filterset.selected) if field[0] != "type"
        ],
        "problems": problems,
        "search_url": reverse("search:results"),
    }
    if not q:
        response = render(request, "search/results.html", context, status=400 if problems else 200)
        if params:  # filters or a page without a search: a made-up address
            patch_cache_control(response, private=True)
        return response

    entries = filterset.qs
    counts = dict(entries.order_by().values_list("kind").annotate(n=Count("id")))
    kind = filterset.kind
    listed = entries.filter(kind=kind) if kind else entries
    paginator = Paginator(listed, PAGE_SIZE)
    # Known from the counts by kind: no COUNT query of its own.
    paginator.count = counts.get(kind, 0) if kind else sum(counts.values())
    page, page_notice = page_or_nearest(paginator, params.get("page"))
    day = today()
    items = [_item(entry, q, day) for entry in page.object_list]

    reading = None
    territory = {}
    if page.number == 1 and not filterset.active:
        reading = place_reading(q)
        codes = sorted({code for t in reading.territories for code in t.codes})
        if codes:
            territory = {
                kind_: [_item(entry, "", day) for entry in found]
                for kind_, found in territory_entries(codes).items()
            }
    facets = [
        {
            "slug": slug,
            "label": many,
            "count": counts.get(kind_, 0),
            "current": kind_ == kind,
            "query": _query(params, type=slug),
        }
        for kind_, (slug, _one, many) in KINDS.items()
    ]
    context.update(
        {
            "items": items,
            "page_obj": page,
            "count": paginator.count,
            "total": sum(counts.values()),
            "page_notice": page_notice,
            "facets": facets,
            "all_query": _query(params, type=None),
            "query_without_page": _query(params),
            "reading": reading,
            "reading_query": urlencode({"q": q}),
            "territories": reading.territories if reading else [],
            "territory_centres": territory.get(kind_of(Centre), []),
            "territory_events": territory.get(kind_of(Event), []),
            "territory_resources": territory.get(kind_of(Resource), []),
            "kind": kind,
        }
    )
    response = render(request, "search/results.html", context, status=400 if problems else 200)
    # Random typing and made-up addresses fill no cache.
    if page_notice or not (paginator.count or territory):
        patch_cache_control(response, private=True)
    return response


def _query(params, **changes):
    """Return the query string of ``params`` without ``page``, with ``changes`` (a value of
    None removes the parameter), in the canonical order."""
    keep = {name: params.get(name, "") for name in FILTER_PARAMS}
    keep.update({name: value or "" for name, value in changes.items()})
    return urlencode([(name, value) for name, value in keep.items() if value])
