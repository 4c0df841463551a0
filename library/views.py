"""The public library: the catalogue, a resource's page, its downloads and the open data.

Built like the agenda (``events.views``): parameters through ``clean_params``, filters through
``library.filters.ResourceFilter``, the search through ``search.index.ranked``, pages stored
whole by the page cache (``crpv.cache.public_page``); the catalogue runs four queries whatever
the number of resources. Downloads are never stored: ``crpv.files.serve_stored_file``.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from centres.models import Centre
from centres.views import CONTENT_OPEN_DATA_FORMATS, content_open_data
from crpv.cache import public_page
from crpv.files import content_disposition, serve_stored_file
from crpv.listing import clean_params, page_or_nearest, query_without_page
from crpv.referents import CENTRES_REFERENTS, visible_or_404
from crpv.site import absolute_url, centre_organisation, json_ld
from crpv.views import read_only
from library.filters import ResourceFilter, database_facet_counts, facet_fields
from library.models import Resource, ResourceFile
from library.resources import ResourceResource
from search.index import matching, ranked, snippet

PAGE_SIZE = 20
FILTER_PARAMS = ("q", *ResourceFilter.base_filters)
LIST_PARAMS = (*FILTER_PARAMS, "page")
# schema.org type of each type of resource (the others are CreativeWork).
SCHEMA_TYPES = {
    "etude": "Report",
    "actes": "Report",
    "synthese-de-webinaire": "Report",
    "guide": "DigitalDocument",
    "fiche-experience": "DigitalDocument",
    "outil": "DigitalDocument",
    "revue-lettre": "Periodical",
    "video": "VideoObject",
    "podcast": "AudioObject",
}
NETWORK = "Réseau national des centres de ressources politique de la ville"


def filtered_resources(params, queryset):
    """Apply the filters and the search of ``params`` to ``queryset``: (filterset, queryset),
    best first when there is a search, newest first otherwise. Shared by the catalogue and
    the exports."""
    filterset = ResourceFilter.from_params(params, queryset)
    q = params.get("q", "").strip()
    return filterset, ranked(filterset.qs, q) if q else filterset.qs.newest()


def _files_prefetch(with_text=False):
    files = ResourceFile.objects.order_by("position", "pk")
    if not with_text:
        files = files.defer("text")
    return Prefetch("files", queryset=files)


def _centres_prefetch():
    return Prefetch("centres", queryset=Centre.objects.only("name", "slug", "acronym"))


@public_page(params=LIST_PARAMS)
def resource_list(request):
    params = clean_params(request.GET)
    q = params.get("q", "").strip()
    filterset, resources = filtered_resources(params, Resource.objects.published())
    # One query: how many resources are listed and their facets' counts, counted by the
    # database (in any order: a search's rank is left out of it).
    listed = matching(filterset.qs, q) if q else filterset.qs
    count, counts = database_facet_counts(listed)
    paginator = Paginator(resources, PAGE_SIZE)
    paginator.count = count  # known: the paginator slices the list, never counts it
    page, page_notice = page_or_nearest(paginator, params.get("page"))
    # The page, in the list's order, then its centres and files: three queries.
    page_resources = page.object_list.select_related("resource_type").prefetch_related(
        _centres_prefetch(), _files_prefetch(with_text=bool(q))
    )
    items = []
    for resource in page_resources:
        passage = ""
        if q:
            text = "\n".join([resource.summary, *(f.text for f in resource.files.all() if f.text)])
            passage = snippet(text, q)
        items.append({"resource": resource, "snippet": passage})
    problems = filterset.problems
    context = {
        "q": q,
        "items": items,
        "page_obj": page,
        "count": paginator.count,
        "page_notice": page_notice,
        "problems": problems,
        "filter": filterset,
        "filter_fields": facet_fields(ResourceFilter.selects(filterset.selected), counts),
        "query_without_page": query_without_page(params),
        "is_filtered": bool(q) or bool(filterset.active),
        "list_url": reverse("library:list"),
    }
    response = render(
        request, "library/resource_list.html", context, status=400 if problems else 200
    )
    if page_notice or (q and not count):
        patch_cache_control(response, private=True)
    return response


def resource_json_ld(resource, url, files):
    """Return the schema.org description of ``resource`` (a ``CreativeWork``, or ``Report``,
    ``DigitalDocument``… by its type), as a dict: ``files`` are its ResourceFile."""
    publishers = [centre_organisation(centre) for centre in resource.centres.all()]
    if resource.is_national or not publishers:
        publishers.append({"@type": "Organization", "name": NETWORK})
    authors = [
        {"@type": "Person", "name": name.strip()}
        for name in resource.authors.split(",")
        if name.strip()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(resource.resource_type.slug, "CreativeWork"),
        "name": resource.title,
        "url": url,
        "datePublished": resource.published_on.isoformat(),
        "inLanguage": resource.language,
        "publisher": publishers[0] if len(publishers) == 1 else publishers,
        "author": authors or publishers,
        "genre": resource.resource_type.name,
    }
    if resource.summary:
        data["description"] = resource.summary
    if resource.licence_url:
        data["license"] = resource.licence_url
    else:
        data["copyrightNotice"] = resource.licence_name
    themes = [theme.name for theme in resource.themes.all()]
    if themes:
        data["keywords"] = ", ".join(themes)
    encodings = [
        {
            "@type": "MediaObject",
            "contentUrl": absolute_url(f.get_absolute_url()),
            "encodingFormat": f.mime_type,
            "contentSize": f"{f.size} B",
            "name": f.download_filename,
        }
        for f in files
    ]
    if resource.external_url:
        encodings.append({"@type": "MediaObject", "contentUrl": resource.external_url})
    if encodings:
        data["encoding"] = encodings
    thumbnail = next((f for f in files if f.thumbnail), None)
    if thumbnail:
        data["thumbnailUrl"] = absolute_url(thumbnail_url(thumbnail))
    return data


def citation(resource, url, consulted):
    """Return a reference to ``resource`` in French style (ISO 690), the day ``consulted``
    (a date): (before the title, title, after the title), the title to be set in italics:
    « Auteurs, *Titre*, Centre, année. Disponible sur : URL (consulté le 30 novembre 2026). »"""
    publishers = [centre.name for centre in resource.centres.all()]
    if resource.is_national or not publishers:
        publishers.append(NETWORK)
    before = f"{resource.authors}, " if resource.authors else ""
    after = (
        f", {', '.join(publishers)}, {resource.year}. Disponible sur\u00a0: {url} "
        f"(consulté le {date_format(consulted, 'j F Y')})."
    )
    return before, resource.title, after


def thumbnail_url(resource_file):
    return reverse(
        "library:thumbnail",
        args=[resource_file.resource.slug, resource_file.pk],
    )


@public_page
def resource_detail(request, slug):
    queryset = Resource.objects.select_related("resource_type", "event").prefetch_related(
        _centres_prefetch(), "themes", _files_prefetch()
    )
    resource = get_object_or_404(queryset, slug=slug)
    # Staff who may change it preview a draft; visitors get the same 404 as for none.
    visible_or_404(request.user, resource, resource.is_published, CENTRES_REFERENTS)
    files = list(resource.files.all())
    for resource_file in files:
        resource_file.resource = resource  # for its links, without a query
    url = absolute_url(resource.get_absolute_url())
    thumbnail = next((f for f in files if f.thumbnail), None)
    context = {
        "resource": resource,
        "centres": list(resource.centres.all()),
        "files": files,
        "thumbnail_url": absolute_url(thumbnail_url(thumbnail)) if thumbnail else "",
        "citation": citation(resource, url, timezone.localdate()),
        "crumbs": [{"title": "Ressources", "get_absolute_url": reverse("library:list")}],
        "canonical_url": url,
        "json_ld": mark_safe(  # noqa: S308 - escaped by json_ld
            json_ld(resource_json_ld(resource, url, files))
        ),
        "meta_description": resource.summary[:300]
        or f"{resource.resource_type.name}, {date_format(resource.published_on, 'F Y')}",
        "event_visible": resource.event is not None and resource.event.is_published,
    }
    response = render(request, "library/resource_detail.html", context)
    # « consulté le … » changes with the day, as the content version does
    # (events.middleware.AgendaDayMiddleware). A draft is never stored.
    if not resource.is_published:
        patch_cache_control(response, private=True)
    return response


def _visible_file(request, slug, pk):
    resource_file = get_object_or_404(
        ResourceFile.objects.select_related("resource").defer("text"),
        pk=pk,
        resource__slug=slug,
    )
    resource = resource_file.resource
    visible_or_404(request.user, resource, resource.is_published, CENTRES_REFERENTS)
    return resource_file


@read_only
def download(request, slug, pk, name):
    """Send a resource's file: its true type, ``nosniff``, as an attachment with its readable
    name, sandboxed. Only for published resources (and staff who may change a draft)."""
    resource_file = _visible_file(request, slug, pk)
    return serve_stored_file(
        request,
        resource_file.file,
        resource_file.mime_type or "application/octet-stream",
        content_disposition(resource_file.download_filename),
    )


@read_only
def thumbnail(request, slug, pk):
    """Send a file's thumbnail (a PNG made by ``documents.inspect``), shown inline."""
    resource_file = _visible_file(request, slug, pk)
    if not resource_file.thumbnail:
        raise Http404
    return serve_stored_file(
        request, resource_file.thumbnail, "image/png", 'inline; filename="vignette.png"'
    )


OPEN_DATA_FIELDS = (
    ("centres_noms", lambda r: ", ".join(c.name for c in r.centres.all())),
    ("reseau_national", lambda r: "oui" if r.is_national else "non"),
    ("auteurs", lambda r: r.authors),
    ("url", lambda r: absolute_url(r.get_absolute_url())),
)


@public_page(params=FILTER_PARAMS)
def export(request, fmt):
    """The catalogue's metadata as open data (Licence Ouverte; not the files): every published
    resource, with the catalogue's filters and search, in CSV or JSON."""
    if fmt not in CONTENT_OPEN_DATA_FORMATS:
        raise Http404
    params = clean_params(request.GET)
    queryset = Resource.objects.published().select_related("resource_type")
    filterset, resources = filtered_resources(params, queryset)
    sheet = ResourceResource().export(resources, derived=dict(OPEN_DATA_FIELDS))
    response = content_open_data(
        fmt,
        sheet,
        "Ressources des centres de ressources politique de la ville",
        absolute_url(reverse("library:list")),
        ("ressources", "ressources-crpv"),
        filterset,
    )
    if params.get("q") and not sheet:
        patch_cache_control(response, private=True)  # nothing found: not stored
    return response
