"""The public directory: list with search, filters and map; centre pages; open data.

Every view reads its parameters through ``clean_params``: control characters (NUL included,
which PostgreSQL refuses) are removed and values cut short, so no input reaches the database
in a form it would reject. The number of queries of each page does not depend on the number
of centres.
"""

import hashlib
import json

from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from centres import maps
from centres.filters import CentreFilter, Unfiltered
from centres.models import Centre
from centres.resources import LICENCE, LICENCE_URL, OPEN_DATA_FIELDS, open_data_sheet
from centres.search import clean_query, search
from crpv.cache import versioned, versioned_items
from crpv.spreadsheets.write import CSV, JSON, GeoJSON
from pages.models import Page

PAGE_SIZE = 24
MAX_PARAM_LENGTH = 200
NETWORK_CONTACT_URL = "https://agence-cohesion-territoires.gouv.fr"
OPEN_DATA_SLUG = "donnees-ouvertes"


def clean_params(query_dict):
    """Return a copy of GET parameters without control characters, each value cut short."""
    cleaned = QueryDict(mutable=True)
    for key in list(query_dict.keys())[:50]:
        values = [clean_query(value)[:MAX_PARAM_LENGTH] for value in query_dict.getlist(key)[:5]]
        cleaned.setlist(clean_query(key)[:MAX_PARAM_LENGTH], values)
    return cleaned


def filtered_centres(params):
    """Apply the filters and the search of ``params``; shared by the list and the exports."""
    published = Centre.objects.published()
    if any(name in params for name in CentreFilter.base_filters):
        filterset = CentreFilter(params, queryset=published)
    else:
        filterset = Unfiltered(published)
    result = search(filterset.qs, params.get("q", ""))
    return filterset, result


def _page_number(params):
    raw = params.get("page", "1") or "1"
    return raw if raw.isdigit() and len(raw) < 7 and int(raw) > 0 else None


def territory_order():
    """Return the ids of the published centres in the directory's order, once per version.

    Sorting by territory takes a join and an aggregate over every centre; done once per
    content version, a list of results is then one query for the matching ids, put in this
    order here.
    """
    return versioned(
        "territory-order",
        lambda: list(Centre.objects.published().by_territory().values_list("pk", flat=True)),
    )


def ordered_ids(queryset, unfiltered=False):
    """Return the ids of ``queryset`` (published centres) in the directory's order.

    ``unfiltered`` says that the queryset is every published centre: no query at all then.
    """
    order = territory_order()
    if unfiltered:
        return order
    wanted = set(queryset.values_list("pk", flat=True))
    ordered = [pk for pk in order if pk in wanted]
    if len(ordered) < len(wanted):  # published after the order was read: last, by id
        ordered += sorted(wanted.difference(ordered))
    return ordered


@require_safe
def centre_list(request):
    params = clean_params(request.GET)
    filterset, result = filtered_centres(params)

    is_filtered = bool(result.query or filterset.active)
    paginator = Paginator(ordered_ids(result.centres, unfiltered=not is_filtered), PAGE_SIZE)
    raw_page = _page_number(params)
    page_notice = ""
    if raw_page is None:
        page_notice = "Le numéro de page demandé n’est pas valide : voici la première page."
        page = paginator.page(1)
    elif int(raw_page) > paginator.num_pages:
        pages = paginator.num_pages
        page_notice = (
            f"Il n’y a que {pages} page{'s' if pages > 1 else ''} de résultats : voici la dernière."
        )
        page = paginator.page(paginator.num_pages)
    else:
        page = paginator.page(int(raw_page))

    served = maps.served_departements()
    names = maps.departement_names()
    unserved = [
        territory
        for territory in result.territories
        if not any(code in served for code in territory.codes)
    ]
    keep = params.copy()
    keep.pop("page", None)
    export_query = keep.urlencode()
    context = {
        "q": result.query,
        "result": result,
        "filter": filterset,
        "filter_fields_html": _filter_fields_html(filterset, params),
        "page_obj": page,
        "centre_ids": page.object_list,
        # One string: the cards are drawn already, the template need not loop over them.
        "cards_html": mark_safe("".join(_cards(page.object_list))),  # noqa: S308 - drawn by templates
        "count": paginator.count,
        "page_notice": page_notice,
        "unserved_territories": unserved,
        "query_without_page": export_query,
        "export_query": ("?" + export_query) if export_query else "",
        "is_filtered": is_filtered,
        "hidden_filters": [(name, params[name]) for name, _, _ in filterset.active],
        # The map shows the whole network whatever the query: drawn once per content version.
        "map_html": versioned(
            "directory-map-html",
            lambda: render_to_string(
                "centres/_map.html", {"map": maps.directory_map(served, names)}
            ),
        ),
        "network_contact_url": NETWORK_CONTACT_URL,
    }
    return render(request, "centres/centre_list.html", context)


def _json_ld(centre, request):
    organisation = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": centre.name,
        "url": request.build_absolute_uri(centre.get_absolute_url()),
        "areaServed": [
            {"@type": "AdministrativeArea", "name": d.name, "identifier": d.code}
            for d in centre.departements.all()
        ],
    }
    if centre.acronym:
        organisation["alternateName"] = centre.acronym
    if centre.website:
        organisation["sameAs"] = [centre.website]
    if centre.phone:
        organisation["telephone"] = centre.phone
    if centre.email:
        organisation["email"] = centre.email
    if centre.description:
        organisation["description"] = centre.description
    if centre.street_address or centre.city or centre.postcode:
        organisation["address"] = {
            "@type": "PostalAddress",
            "streetAddress": centre.street_address,
            "postalCode": centre.postcode,
            "addressLocality": centre.city,
            "addressCountry": "FR",
        }
    if centre.latitude is not None and centre.longitude is not None:
        organisation["location"] = {
            "@type": "Place",
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(centre.latitude),
                "longitude": float(centre.longitude),
            },
        }
    text = json.dumps(organisation, ensure_ascii=False, indent=1)
    # The same escaping as Django's json_script: the JSON can never close its <script> element.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _per_centre(kind, ids, build, themes=True):
    """Return ``build(centre)`` for each of the centres ``ids``, once per content version.

    What is drawn from one centre alone (a card, a row of the open data) is kept per centre:
    any list of results is then read from memory whatever the query, and only the centres
    not yet drawn are loaded, with their territory and themes.
    """

    def build_missing(missing):
        centres = Centre.objects.filter(pk__in=missing).for_display(themes=themes)
        return {centre.pk: build(centre) for centre in centres}

    return versioned_items(kind, ids, build_missing)


def _cards(ids):
    return _per_centre(
        "card",
        ids,
        lambda centre: render_to_string("centres/_centre_card.html", {"centre": centre}),
        themes=False,
    )


def _filter_fields_html(filterset, params):
    """Return the filters' selects, drawn once per content version and choice of values.

    Keyed by the values that name a known choice (an unknown one selects nothing, like no
    value): made-up values in the address do not multiply the drawings kept in the cache.
    """
    current = {}
    for name, filter_ in CentreFilter.base_filters.items():
        value = params.get(name, "")
        current[name] = value if value and value in _choice_values(filter_) else ""

    def draw():
        # Written out in the template: Django's widget templates render each option through a
        # template of its own, ten times slower for the 150 options.
        form = filterset.form
        return render_to_string(
            "centres/_filter_fields.html",
            {
                "filter_fields": [
                    (form[name], list(form.fields[name].choices), value)
                    for name, value in current.items()
                ]
            },
        )

    return versioned(
        "filter-fields:" + hashlib.sha256(json.dumps(current).encode()).hexdigest(), draw
    )


def _choice_values(filter_):
    choices = filter_.extra["choices"]
    return {str(value) for value, _ in (choices() if callable(choices) else choices)}


def _centre_map_html(codes):
    return versioned(
        "centre-map-html:" + ",".join(codes),
        lambda: render_to_string("centres/_centre_map.html", {"map": maps.centre_map(codes)}),
    )


def _centre_page(slug):
    """Return the centre (with territory and themes) and its page's body, or raise 404.

    Both are kept per content version: once drawn, the page runs no query and draws only its
    head until the next change. An unknown address costs one query and is not kept (the 404
    raised by the builder), so that made-up addresses do not fill the cache. One per centre
    and some 40 KB each (the map): kept in the shared cache only, not in every worker.
    """

    def build():
        centre = get_object_or_404(Centre.objects.for_display(), slug=slug)
        departements = sorted(centre.departements.all(), key=lambda d: d.code)
        body = render_to_string(
            "centres/_centre_body.html",
            {
                "centre": centre,
                "departements": departements,
                "map_html": _centre_map_html([d.code for d in departements]),
            },
        )
        return centre, departements, body

    digest = hashlib.sha256(slug.encode("utf-8", "surrogateescape")).hexdigest()
    return versioned(f"centre-page:{digest}", build, in_process=False)


@require_safe
def centre_detail(request, slug):
    centre, departements, body_html = _centre_page(slug)
    # Staff may preview an unpublished centre; visitors get the same 404 as for a missing one.
    if not centre.is_published and not request.user.is_staff:
        raise Http404
    territory = f" pour {centre.territory_label}" if departements else ""
    description = (
        f"{centre.name}, centre de ressources politique de la ville{territory} : "
        "coordonnées, territoire, thèmes."
    )
    context = {
        "centre": centre,
        "departements": departements,
        "json_ld": _json_ld(centre, request),
        "canonical_url": request.build_absolute_uri(centre.get_absolute_url()),
        "meta_description": description,
        "body_html": body_html,
    }
    return render(request, "centres/centre_detail.html", context)


def _open_data_page():
    """Return the editable « données ouvertes » page (its text heads the open-data page)."""
    return Page.objects.published().filter(slug=OPEN_DATA_SLUG).first()


def _last_update():
    return versioned(
        "last-update",
        lambda: Centre.objects.published().aggregate(last=Max("updated_at"))["last"],
    )


@require_safe
def open_data(request):
    params = clean_params(request.GET)
    keep = params.copy()
    keep.pop("page", None)
    export_query = keep.urlencode()
    context = {
        "page": _open_data_page(),
        "last_update": _last_update(),
        "count": Centre.objects.published().count(),
        "derived_fields": [(name, description) for name, description, _ in OPEN_DATA_FIELDS],
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "export_query": ("?" + export_query) if export_query else "",
    }
    return render(request, "centres/open_data.html", context)


OPEN_DATA_FORMATS = {format.key: format for format in (CSV, JSON, GeoJSON)}


@require_safe
def export(request, fmt):
    if fmt not in OPEN_DATA_FORMATS:
        raise Http404
    params = clean_params(request.GET)
    _, result = filtered_centres(params)
    ids = ordered_ids(result.centres)
    position = {pk: index for index, pk in enumerate(ids)}
    centres = sorted(Centre.objects.filter(pk__in=ids).for_display(), key=lambda c: position[c.pk])
    sheet = open_data_sheet(centres, request.build_absolute_uri)
    last_update = _last_update()
    meta = {
        "titre": "Annuaire des centres de ressources politique de la ville",
        "source": request.build_absolute_uri(reverse("centres:open_data")),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "mis_a_jour_le": (last_update or timezone.now()).date().isoformat(),
        "nombre": len(sheet),
    }
    file_format = OPEN_DATA_FORMATS[fmt]()
    content_type = file_format.get_content_type()
    response = HttpResponse(
        file_format.export_data(sheet, meta=meta, key="centres"),
        # Every open-data file says its encoding, JSON included.
        content_type=content_type
        if "charset" in content_type
        else f"{content_type}; charset=utf-8",
    )
    disposition = "attachment" if fmt == "csv" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="centres-crpv.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any web page
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        # Search results and filtered lists are endless combinations of the same centres.
        "Disallow: /centres/?",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
