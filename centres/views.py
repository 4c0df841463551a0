"""The public directory: list with search, filters and map; centre pages; open data.

Every view reads its parameters through ``clean_params``: control characters (NUL included,
which PostgreSQL refuses) are removed and values cut short, so no input reaches the database
in a form it would reject. The number of queries of each page does not depend on the number
of centres. Pages are stored whole by the page cache (``crpv.cache.public_page``); a page that
should not be (an unknown filter value, a page past the end, a search that was not understood)
says so with ``Cache-Control: private``.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from centres import geography, maps
from centres.filters import CentreFilter
from centres.models import Centre
from centres.resources import (
    LICENCE,
    LICENCE_URL,
    OPEN_DATA_FIELDS,
    OpenDataGeoJSON,
    OpenDataJSON,
    open_data_sheet,
    table_schema,
)
from centres.search import centre_position, clean_query, published_haystacks, search, suggest
from crpv.cache import content_version, public_page, versioned_object_or_404
from crpv.fragments import drawn_items, joined
from crpv.listing import clean_params, page_or_nearest, query_without_page
from crpv.referents import may_change
from crpv.site import absolute_url, json_ld
from crpv.spreadsheets.write import CSV, JSON
from events.models import Event
from events.resources import open_data_fields as agenda_fields
from pages.models import OPEN_DATA_SLUG, Page

PAGE_SIZE = 24
NETWORK_CONTACT_URL = "https://agence-cohesion-territoires.gouv.fr"
# The directory's parameters, in the order of its canonical addresses (and of its forms).
FILTER_PARAMS = ("q", *CentreFilter.base_filters)
LIST_PARAMS = (*FILTER_PARAMS, "page")


def filtered_centres(params):
    """Apply the filters and the search of ``params``; shared by the list and the exports.

    Return the FilterSet and the ``SearchResult``, whose ``centres`` are in territory order.
    """
    filterset = CentreFilter.from_params(params, Centre.objects.published())
    result = search(filterset.qs, params.get("q", ""))
    result.centres = result.centres.by_territory()
    return filterset, result


@public_page(params=LIST_PARAMS)
def centre_list(request):
    params = clean_params(request.GET)
    filterset, result = filtered_centres(params)
    # Each centre's id and last change: its card's key (``_cards``).
    paginator = Paginator(result.centres.values_list("pk", "updated_at"), PAGE_SIZE)
    page, page_notice = page_or_nearest(paginator, params.get("page"))

    served = maps.served_departements()
    unserved = [
        territory
        for territory in result.territories
        if not any(code in served for code in territory.codes)
    ]
    export_query = query_without_page(params)
    context = {
        "q": result.query,
        "result": result,
        "filter": filterset,
        # A value that names no choice selects nothing (it is not in cleaned_data).
        "filter_fields": CentreFilter.selects(filterset.selected),
        "page_obj": page,
        "cards": _cards(page.object_list),
        "count": paginator.count,
        "page_notice": page_notice,
        "unserved_territories": unserved,
        "query_without_page": export_query,
        "export_query": ("?" + export_query) if export_query else "",
        "is_filtered": bool(result.query or filterset.active),
        "hidden_filters": [(name, params[name]) for name, _, _ in filterset.active],
        # The map shows the whole network whatever the query: drawn again when it changes.
        "map_key": maps.map_key(),
        "directory_map": lambda: maps.directory_map(served, geography.departement_names()),
        "network_contact_url": NETWORK_CONTACT_URL,
    }
    response = render(request, "centres/centre_list.html", context)
    if page_notice:
        patch_cache_control(response, private=True)
    return _not_stored_if_made_up(response, filterset, result)


@public_page(params=("q",))
def suggestions(request):
    """Return, as JSON, the places starting with ``q`` for the search box's list of suggestions:
    ``{"q": …, "suggestions": [{"label", "value", "kind"}, …]}``. Stored by the page cache only
    when something was found, so that random typing fills nothing."""
    query = clean_query(request.GET.get("q", ""))
    items = suggest(query)
    response = JsonResponse({"q": query, "suggestions": items})
    if not items:
        patch_cache_control(response, private=True)
    return response


def _cards(rows):
    """Return the HTML of the cards of the centres ``rows`` ((id, updated_at) pairs), in that
    order, as one safe str (``crpv.fragments.drawn_items``).

    A card is kept under its centre's id and last change (``updated_at``, which every writer
    moves: the admin, the import, a restore), not under the content version: an edit draws
    again only the card of the centre edited, not the 24 of every page (benchmarks/README.md).
    One round trip for the page; the missing ones in two queries. A centre deleted meanwhile
    is left out.
    """
    keys = {pk: f"card:{pk}:{changed.timestamp()}" for pk, changed in rows}
    cards = drawn_items(
        "centres/_centre_card.html",
        keys,
        lambda ids: Centre.objects.filter(pk__in=ids).for_display(themes=False),
        "centre",
    )
    return joined(cards.values())


def rebuild_directory(centre):
    """Build and store what the directory's next request would build after a change to
    centres: the map's data (``maps.map_key``), the names a search looks in
    (``search.published_haystacks``) and, when ``centre`` (a ``Centre``, or None after a bulk
    write or a deletion) is published, its card (``_cards``). Run by the writer once the
    change is committed (``crpv.cache.watch``); returns nothing."""
    maps.map_key()
    published_haystacks()
    if centre is not None and centre.is_published:
        _cards([(centre.pk, centre.updated_at)])


def _not_stored_if_made_up(response, filterset, result):
    """Mark ``response`` private (served, not stored by the page cache) when its address
    holds an unknown filter value or a search that was not understood: made-up addresses
    must not fill the cache."""
    if filterset.invalid or (result.query and not result.understood):
        patch_cache_control(response, private=True)
    return response


def _json_ld(centre):
    organisation = {
        "@context": "https://schema.org",
        "@type": "Organization",
        # The portal's page names the organisation; its own website is its address.
        "@id": absolute_url(centre.get_absolute_url()),
        "name": centre.name,
        "url": centre.website or absolute_url(centre.get_absolute_url()),
        "areaServed": [
            {"@type": "AdministrativeArea", "name": d.name, "identifier": d.code}
            for d in centre.departements.all()
        ],
    }
    optional = {
        "alternateName": centre.acronym,
        "telephone": centre.phone,
        "email": centre.email,
        "description": centre.description,
    }
    organisation.update((key, value) for key, value in optional.items() if value)
    if centre.street_address or centre.city or centre.postcode:
        organisation["address"] = {
            "@type": "PostalAddress",
            "streetAddress": centre.street_address,
            "postalCode": centre.postcode,
            "addressLocality": centre.city,
            "addressCountry": "FR",
        }
    latitude, longitude, _precision = centre_position(centre)
    if latitude is not None:
        organisation["location"] = {
            "@type": "Place",
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(latitude),
                "longitude": float(longitude),
            },
        }
    return json_ld(organisation)


@public_page
def centre_detail(request, slug):
    # The three queries and their model instances cost two thirds of the page: kept per version.
    centre = versioned_object_or_404(Centre.objects.for_display(), slug=slug)
    # Who may change it may preview an unpublished centre (a référent: their own centres);
    # anyone else gets the same 404 as for a missing one.
    if not centre.is_published and not may_change(request.user, centre):
        raise Http404
    departements = sorted(centre.departements.all(), key=lambda d: d.code)
    territory = f" pour {centre.territory_phrase}" if departements else ""
    description = (
        f"{centre.name}, centre de ressources politique de la ville{territory} : "
        "coordonnées, territoire, thèmes."
    )
    codes = [d.code for d in departements]
    context = {
        "centre": centre,
        "departements": departements,
        "json_ld": _json_ld(centre),
        "canonical_url": absolute_url(centre.get_absolute_url()),
        "position": centre_position(centre),
        "meta_description": description,
        "map_key": ",".join(codes),
        "centre_map": lambda: maps.centre_map(codes),
        "version": content_version(),
    }
    return render(request, "centres/centre_detail.html", context)


def _count_and_last_update(queryset):
    return queryset.aggregate(count=Count("pk"), last=Max("updated_at"))


@public_page(params=FILTER_PARAMS)
def open_data(request):
    """The network's « Données ouvertes » page: the directory's files and the agenda's, their
    fields, filters and licence. Three queries (the editable text, two counts)."""
    export_query = query_without_page(clean_params(request.GET))
    centres = _count_and_last_update(Centre.objects.published())
    events = _count_and_last_update(Event.objects.published())
    context = {
        # The editable « données ouvertes » page: its text heads this one.
        "page": Page.objects.published().filter(slug=OPEN_DATA_SLUG).first(),
        "last_update": centres["last"],
        "count": centres["count"],
        "derived_fields": [(name, description) for name, description, _ in OPEN_DATA_FIELDS],
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "export_query": ("?" + export_query) if export_query else "",
        "agenda_count": events["count"],
        "agenda_last_update": events["last"],
        "agenda_fields": agenda_fields(),
    }
    return render(request, "centres/open_data.html", context)


OPEN_DATA_FORMATS = {format.key: format for format in (CSV, OpenDataJSON, OpenDataGeoJSON)}


@public_page(params=FILTER_PARAMS)
def export(request, fmt):
    if fmt not in OPEN_DATA_FORMATS:
        raise Http404
    params = clean_params(request.GET)
    filterset, result = filtered_centres(params)
    sheet = open_data_sheet(result.centres.for_display(), absolute_url)
    last_update = Centre.objects.published().aggregate(last=Max("updated_at"))["last"]
    meta = {
        "titre": "Annuaire des centres de ressources politique de la ville",
        "source": absolute_url(reverse("centres:open_data")),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "mis_a_jour_le": (last_update or timezone.now()).date().isoformat(),
        "nombre": len(sheet),
    }
    response = open_data_response(OPEN_DATA_FORMATS[fmt](), sheet, meta, "centres", "centres-crpv")
    return _not_stored_if_made_up(response, filterset, result)


def open_data_response(file_format, sheet, meta, key, filename):
    """Return the response carrying ``sheet`` (a ``crpv.spreadsheets.write.Sheet``) as an
    open-data file in ``file_format`` (CSV, JSON or GeoJSON): ``meta`` and ``key`` for the
    JSON formats, ``filename`` without its extension. Readable from any web page."""
    content_type = file_format.get_content_type()
    if "charset" not in content_type:  # every open-data file says its encoding, JSON included
        content_type += "; charset=utf-8"
    data = file_format.export_data(sheet, meta=meta, key=key)
    response = HttpResponse(data, content_type=content_type)
    extension = file_format.get_extension()
    disposition = "attachment" if extension == "csv" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any web page
    return response


# The agenda's and the library's open data: CSV and JSON (no positions to map).
CONTENT_OPEN_DATA_FORMATS = {file_format.key: file_format for file_format in (CSV, JSON)}


def content_open_data(fmt, sheet, title, source, names, filterset):
    """Return the open-data response (``open_data_response``, Licence Ouverte)
    of ``sheet`` in the format ``fmt`` (a key of ``CONTENT_OPEN_DATA_FORMATS``), the JSON's header
    naming ``title`` and ``source`` (an absolute URL); ``names`` is (the JSON's key, the file
    name without extension). Status 400 when ``filterset`` read a value it did not know."""
    meta = {
        "titre": title,
        "source": source,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "mis_a_jour_le": timezone.localdate().isoformat(),
        "nombre": len(sheet),
    }
    response = open_data_response(CONTENT_OPEN_DATA_FORMATS[fmt](), sheet, meta, *names)
    if filterset.problems:
        response.status_code = 400
    return response


@public_page
def schema(request):
    """Return the Table Schema of the open data's CSV (``centres.resources.table_schema``)."""
    response = JsonResponse(table_schema(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any web page
    return response


@public_page
def robots_txt(request):
    lines = [
        "User-agent: *",
        # Search results and filtered lists are endless combinations of the same centres.
        "Disallow: /centres/?",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
