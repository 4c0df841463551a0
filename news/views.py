"""The public news: the list (``/actualites/``) and an item's page.

Built like the agenda (``events.views``): parameters through ``clean_params``, filters through
``news.filters.NewsFilter``, pages stored whole by the page cache (``crpv.cache.public_page``),
at most four queries each. An unknown filter value answers 400 with a French message and the
list without that filter, not stored.
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

from crpv.cache import public_page, versioned_object_or_404
from crpv.feeds import NETWORK, feed_links
from crpv.files import serve_stored_file
from crpv.listing import clean_params, page_or_nearest, query_without_page
from crpv.referents import CENTRES_REFERENTS, visible_or_404
from crpv.site import absolute_url, centre_organisation, json_ld
from crpv.views import read_only
from events.dates import when
from events.models import Event
from library.models import Resource
from news.feeds import NewsFeed
from news.filters import NewsFilter
from news.models import NewsItem

PAGE_SIZE = 20
LIST_PARAMS = (*NewsFilter.base_filters, "page")


@public_page(params=LIST_PARAMS)
def news_list(request):
    params = clean_params(request.GET)
    queryset = NewsItem.objects.public().newest_first().for_listing()
    filterset = NewsFilter(params, queryset=queryset)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page, page_notice = page_or_nearest(paginator, params.get("page"))
    problems = filterset.problems
    context = {
        "filter": filterset,
        "filter_fields": NewsFilter.selects(filterset.selected),
        "items": page.object_list,
        "page_obj": page,
        "count": paginator.count,
        "page_notice": page_notice,
        "problems": problems,
        "query_without_page": query_without_page(params),
        "is_filtered": bool(filterset.active),
        "feeds": feed_links(NewsFeed, params),
        "list_url": reverse("news:list"),
    }
    response = render(request, "news/news_list.html", context, status=400 if problems else 200)
    if page_notice:
        patch_cache_control(response, private=True)
    return response


def news_json_ld(item, url):
    """Return the schema.org ``NewsArticle`` of ``item`` (centres prefetched), as a dict:
    author and publisher are its centres, or the network for the network's own items."""
    organisations = [centre_organisation(centre) for centre in item.centres.all()]
    if item.is_national or not organisations:
        organisations.insert(
            0, {"@type": "Organization", "name": NETWORK, "url": absolute_url("/")}
        )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": timezone.localtime(item.published_at).isoformat(),
        "dateModified": timezone.localtime(max(item.published_at, item.updated_at)).isoformat(),
        "author": organisations,
        "publisher": organisations[0] if len(organisations) == 1 else organisations,
        "inLanguage": "fr",
    }
    if item.summary:
        data["description"] = item.summary
    if item.rendition:
        data["image"] = [absolute_url(item.image_url)]
    themes = [theme.name for theme in item.themes.all()]
    if themes:
        data["keywords"] = themes
    return data


def related_links(objects, detail):
    """Return what ``includes/related_links.html`` shows of ``objects`` (with ``title`` and
    ``get_absolute_url``): dicts of ``title``, ``url`` and ``detail``, a French text made by
    ``detail(obj)`` (when an event takes place, a resource's type and date)."""
    return [
        {"title": obj.title, "url": obj.get_absolute_url(), "detail": detail(obj)}
        for obj in objects
    ]


@public_page
def news_detail(request, slug):
    queryset = NewsItem.objects.for_listing().prefetch_related(
        Prefetch(
            "events",
            queryset=Event.objects.published()
            .only("title", "slug", "starts_at", "ends_at", "all_day")
            .order_by("starts_at"),
        ),
        Prefetch(
            "resources",
            queryset=Resource.objects.published()
            .newest()
            .select_related("resource_type")
            .only("title", "slug", "published_on", "resource_type__name"),
        ),
    )
    # Kept per content version, with what it prefetches: no query once drawn.
    item = versioned_object_or_404(queryset, slug=slug)
    # Staff who may change it preview a draft or a scheduled item (a référent: their centres'
    # only); others get the 404 of a missing one.
    visible_or_404(request.user, item, item.is_public, CENTRES_REFERENTS)
    url = absolute_url(item.get_absolute_url())
    context = {
        "item": item,
        "centres": list(item.centres.all()),
        "themes": list(item.themes.all()),
        "related_events": related_links(
            item.events.all(), lambda e: when(e.starts_at, e.ends_at, e.all_day)
        ),
        "related_resources": related_links(
            item.resources.all(),
            lambda r: f"{r.resource_type.name}, {date_format(r.published_on, 'F Y')}",
        ),
        "crumbs": [{"title": "Actualités", "get_absolute_url": reverse("news:list")}],
        "canonical_url": url,
        "image_url": absolute_url(item.image_url) if item.rendition else "",
        "json_ld": mark_safe(json_ld(news_json_ld(item, url))),  # noqa: S308 - escaped
        "meta_description": item.summary or "Actualité publiée par " + ", ".join(item.publishers()),
    }
    return render(request, "news/news_detail.html", context)


# An image's address names its file, which changes with the image: browsers may keep it.
IMAGE_MAX_AGE = 30 * 24 * 3600


@read_only
def image(request, slug, name):
    """Send a news item's image: the rendition made at save time (``news.images``), under
    the address ``NewsItem.image_url`` names, to anyone who may see the item. Works the same
    on the local disk and in an object store (``crpv.files.serve_stored_file``)."""
    item = get_object_or_404(NewsItem.objects.exclude(rendition=""), slug=slug)
    if item.image_filename != name:
        raise Http404
    visible_or_404(request.user, item, item.is_public, CENTRES_REFERENTS)
    return serve_stored_file(
        request, item.rendition, "image/jpeg", f'inline; filename="{name}"', max_age=IMAGE_MAX_AGE
    )
