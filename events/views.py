"""The public agenda: upcoming events, the archive, an event's page and the iCalendar files.

Built like the directory (``centres.views``): parameters through ``clean_params``, filters
through ``events.filters.EventFilter``, pages stored whole by the page cache
(``crpv.cache.public_page``). A list whose address holds a value we cannot read (a 30
February, an unknown type) answers 400 with a French message and the list without that
filter: it is not stored. Each page runs at most four queries whatever the number of events.
"""

import itertools

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe

from centres.views import CONTENT_OPEN_DATA_FORMATS, content_open_data
from crpv.cache import content_version, public_page, versioned_object_or_404
from crpv.feeds import feed_links
from crpv.fragments import drawn_items, joined
from crpv.listing import clean_params, page_or_nearest, query_without_page
from crpv.site import absolute_url, centre_organisation, json_ld
from events import ical
from events.dates import month_label, when
from events.feeds import EventFeed
from events.filters import EventFilter, overlapping
from events.models import Event, Format, Status, start_of_day, today
from events.resources import open_data_schema, open_data_sheet

PAGE_SIZE = 30
FILTER_PARAMS = tuple(EventFilter.base_filters)
LIST_PARAMS = (*FILTER_PARAMS, "page")
# A feed keeps the events of the last weeks, so that a calendar does not drop them at once,
# and the next ones up to a limit: icalendar takes about 2 ms an event (benchmarks/agenda.py),
# and a calendar application has no use for years ahead. The whole feed is stored by the page
# cache; its events are not stored one by one (the database cache writes a key at a time:
# 500 keys cost ten times the drawing, benchmarks/agenda.py).
FEED_PAST_DAYS = 30
FEED_MAX_EVENTS = 500
EVENT_STATUS = {
    Status.SCHEDULED: "https://schema.org/EventScheduled",
    Status.POSTPONED: "https://schema.org/EventPostponed",
    Status.CANCELLED: "https://schema.org/EventCancelled",
}
ATTENDANCE = {
    Format.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def by_month(rows, past):
    """Return [(« décembre 2026 », HTML of its events in the list), …] for the events ``rows``
    ((id, starts_at) pairs), in that order; an event deleted meanwhile is left out.

    Each event is drawn once per content version (``crpv.fragments.drawn_items``): its item
    shows its organisers' names and its type, which change without the event.
    """
    version = content_version()
    items = drawn_items(
        "events/_event_item.html",
        {pk: f"agenda-item:{version}:{int(past)}:{pk}" for pk, _starts_at in rows},
        lambda ids: Event.objects.filter(pk__in=ids).for_listing(),
        "event",
        past=past,
    )
    return [
        (month, joined(items[pk] for pk, _starts_at in group if pk in items))
        for month, group in itertools.groupby(
            rows, key=lambda row: month_label(timezone.localtime(row[1]).date())
        )
    ]


def _agenda(request, past):
    params = clean_params(request.GET)
    published = Event.objects.published()
    queryset = published.past() if past else published.upcoming()
    filterset = EventFilter.from_params(params, queryset)
    # Each event's id and start: its item's key and its month (``by_month``).
    paginator = Paginator(filterset.qs.values_list("pk", "starts_at"), PAGE_SIZE)
    page, page_notice = page_or_nearest(paginator, params.get("page"))
    problems = filterset.problems
    query = query_without_page(params)
    feed_url = absolute_url(reverse("events:feed") + (f"?{query}" if query else ""))
    errors = filterset.errors
    q = params.get("q", "")
    not_understood = bool(q) and not filterset.territories
    context = {
        "q": q,
        "territories": filterset.territories,
        "not_understood": not_understood,
        "past": past,
        "heading": "Événements passés" if past else "Agenda du réseau",
        "filter": filterset,
        "filter_fields": EventFilter.selects(filterset.selected),
        "date_from": params.get("du", "") if "du" not in errors else "",
        "date_to": params.get("au", "") if "au" not in errors else "",
        "months": by_month(page.object_list, past),
        "page_obj": page,
        "count": paginator.count,
        "page_notice": page_notice,
        "problems": problems,
        "query_without_page": query,
        "is_filtered": bool(filterset.active),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],  # for calendar applications
        "feeds": feed_links(EventFeed, params),
        "list_url": reverse("events:archive" if past else "events:list"),
    }
    response = render(request, "events/event_list.html", context, status=400 if problems else 200)
    if page_notice or not_understood:
        patch_cache_control(response, private=True)
    return response


@public_page(params=LIST_PARAMS)
def event_list(request):
    return _agenda(request, past=False)


@public_page(params=LIST_PARAMS)
def event_archive(request):
    return _agenda(request, past=True)


def _moment(event, moment):
    local = timezone.localtime(moment)
    return local.date().isoformat() if event.all_day else local.isoformat()


def event_json_ld(event, url):
    """Return the schema.org ``Event`` of ``event``, as a dict."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": _moment(event, event.starts_at),
        "endDate": _moment(event, event.ends_at),
        "eventStatus": EVENT_STATUS[event.status],
        "eventAttendanceMode": ATTENDANCE[event.format],
        "organizer": [
            centre_organisation(centre) | ({"email": centre.email} if centre.email else {})
            for centre in event.centres.all()
        ],
        "inLanguage": "fr",
    }
    if event.summary:
        data["description"] = event.summary
    places = []
    if event.has_place:
        address = {
            "@type": "PostalAddress",
            "addressLocality": event.city,
            "addressCountry": "FR",
        }
        if event.street_address:
            address["streetAddress"] = event.street_address
        if event.postcode:
            address["postalCode"] = event.postcode
        places.append({"@type": "Place", "name": event.venue or event.city, "address": address})
    if event.format != Format.IN_PERSON:
        places.append({"@type": "VirtualLocation", "url": event.public_online_url or url})
    data["location"] = places[0] if len(places) == 1 else places
    if event.registration_url or event.registration_email:
        offer = {
            "@type": "Offer",
            "url": event.registration_url or url,
            "availability": f"https://schema.org/{'SoldOut' if event.is_full else 'InStock'}",
        }
        if event.is_free:
            offer.update(price=0, priceCurrency="EUR")
        if event.registration_deadline:
            offer["validThrough"] = event.registration_deadline.isoformat()
        data["offers"] = offer
    return data


def _visible_event(request, slug):
    """Return the event ``slug`` with its type, commune, organisers, themes and audiences,
    kept per content version (``versioned_object_or_404``); raise Http404 for a draft, unless
    the request is staff's."""
    queryset = Event.objects.for_listing().prefetch_related("themes", "audiences")
    event = versioned_object_or_404(queryset, slug=slug)
    # Staff may preview a draft; visitors get the same 404 as for a missing event.
    if not event.is_published and not request.user.is_staff:
        raise Http404
    return event


@public_page
def event_detail(request, slug):
    event = _visible_event(request, slug)
    url = absolute_url(event.get_absolute_url())
    is_past = event.ends_at < start_of_day(today())
    context = {
        "event": event,
        "centres": list(event.centres.all()),
        "when": when(event.starts_at, event.ends_at, event.all_day),
        "deadline": event.registration_deadline,
        "is_past": is_past,
        "crumbs": [
            {
                "title": "Événements passés" if is_past else "Agenda",
                "get_absolute_url": reverse("events:archive" if is_past else "events:list"),
            }
        ],
        "canonical_url": url,
        "json_ld": mark_safe(json_ld(event_json_ld(event, url))),  # noqa: S308 - escaped
        "meta_description": event.summary
        or f"{event.event_type.name}, {when(event.starts_at, event.ends_at, event.all_day)}",
        "version": content_version(),
    }
    return render(request, "events/event_detail.html", context)


def _ics_response(content, filename, attachment):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@public_page
def event_ics(request, slug):
    """« Ajouter à mon agenda »: the event alone, as an iCalendar file."""
    event = _visible_event(request, slug)
    content = ical.calendar([ical.event_text(event)], event.title)
    return _ics_response(content, f"{event.slug}.ics", attachment=True)


@public_page(params=FILTER_PARAMS)
def feed(request):
    """The iCalendar feed of the agenda, with every filter of the list: the events of the last
    ``FEED_PAST_DAYS`` days and the next ones, ``FEED_MAX_EVENTS`` at most, cancelled ones
    included."""
    params = clean_params(request.GET)
    since = today() - timezone.timedelta(days=FEED_PAST_DAYS)
    queryset = overlapping(Event.objects.published(), first=since).order_by("starts_at", "pk")
    filterset = EventFilter.from_params(params, queryset.for_listing())
    # Read first: the filter set's labels and places are known once its qs is built.
    texts = [ical.event_text(event) for event in filterset.qs[:FEED_MAX_EVENTS]]
    name = "Agenda du réseau des centres de ressources politique de la ville"
    labels = [value for _name, _label, value in filterset.active]
    if labels:
        name = f"{name} ({', '.join(labels)})"
    content = ical.calendar(texts, name)
    response = _ics_response(content, "agenda-crpv.ics", attachment=False)
    if filterset.problems:
        response.status_code = 400
    _not_stored_if_not_understood(response, params, filterset)
    response["Access-Control-Allow-Origin"] = "*"  # open data: any calendar site may read it
    return response


@public_page(params=FILTER_PARAMS)
def export(request, fmt):
    """The agenda as open data (Licence Ouverte): every published event, past and upcoming,
    with the list's filters, in CSV or JSON."""
    if fmt not in CONTENT_OPEN_DATA_FORMATS:
        raise Http404
    params = clean_params(request.GET)
    queryset = Event.objects.published().select_related("event_type", "commune__departement")
    filterset = EventFilter.from_params(params, queryset.order_by("starts_at", "pk"))
    response = content_open_data(
        fmt,
        open_data_sheet(filterset.qs, absolute_url),
        "Agenda des centres de ressources politique de la ville",
        absolute_url(reverse("centres:open_data") + "#agenda"),
        ("evenements", "agenda-crpv"),
        filterset,
    )
    return _not_stored_if_not_understood(response, params, filterset)


def _not_stored_if_not_understood(response, params, filterset):
    """Mark ``response`` private (served, not stored by the page cache) when its ``q`` names
    no place, as the list does: random typing must not fill the cache. Return it."""
    if params.get("q") and not filterset.territories:
        patch_cache_control(response, private=True)
    return response


@public_page
def schema(request):
    """Return the Table Schema of ``/agenda/export.csv`` (``events.resources.open_data_schema``)."""
    response = JsonResponse(
        open_data_schema(), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any web page
    return response
