"""iCalendar (RFC 5545) files of the agenda, written with the ``icalendar`` library.

Each event has a stable UID (``event-<pk>@<host of SITE_URL>``) and its ``sequence``, raised
on every save, so that a calendar application subscribed to a feed updates its copy instead of
adding a second one. Cancelled events stay, with ``STATUS:CANCELLED``, so that subscribers see
the cancellation. Times are written in Europe/Paris with its VTIMEZONE (the two yearly rules,
not one line per year); all-day events as dates, the end exclusive as the RFC wants.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from crpv.site import absolute_url
from events.dates import when
from events.models import Format, Status
from pages.sanitize import plain_text

PRODID = "-//Réseau des centres de ressources politique de la ville//Agenda//FR"
TZID = "Europe/Paris"
STATUSES = {
    Status.SCHEDULED: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}
TITLE_PREFIXES = {Status.POSTPONED: "Reporté\u00a0: ", Status.CANCELLED: "Annulé\u00a0: "}


def paris_timezone() -> icalendar.Timezone:
    """Return the VTIMEZONE of Europe/Paris: summer time from the last Sunday of March at 2 h
    to the last Sunday of October at 3 h (the European rule since 1996)."""
    zone = icalendar.Timezone()
    zone.add("tzid", TZID)
    for kind, name, start, offsets, month in (
        (icalendar.TimezoneDaylight, "CEST", datetime.datetime(1970, 3, 29, 2), (1, 2), 3),
        (icalendar.TimezoneStandard, "CET", datetime.datetime(1970, 10, 25, 3), (2, 1), 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", datetime.timedelta(hours=offsets[0]))
        part.add("tzoffsetto", datetime.timedelta(hours=offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def location(event) -> str:
    """Return where the event takes place, on one line."""
    if event.format == Format.ONLINE or not event.city:
        return "En ligne"
    place = ", ".join(
        part
        for part in (event.venue, event.street_address, f"{event.postcode} {event.city}".strip())
        if part
    )
    return f"{place} (et en ligne)" if event.format == Format.HYBRID else place


def description(event, url: str) -> str:
    """Return the DESCRIPTION: status, when, summary, text, organisers, registration, URL."""
    parts = []
    if event.status != Status.SCHEDULED:
        reason = f"\u00a0: {event.status_reason}" if event.status_reason else ""
        parts.append(f"{event.get_status_display()}{reason}")
    parts.append(when(event.starts_at, event.ends_at, event.all_day).capitalize())
    if event.summary:
        parts.append(event.summary)
    if event.description:
        parts.append(plain_text(event.description))
    organisers = [centre.name for centre in event.centres.all()]
    if event.partners:
        organisers.append(event.partners)
    if organisers:
        parts.append("Organisé par " + ", ".join(organisers))
    if event.registration_url or event.registration_email:
        parts.append("Inscription\u00a0: " + (event.registration_url or event.registration_email))
    if event.public_online_url:
        parts.append(f"Lien de connexion\u00a0: {event.public_online_url}")
    parts.append(url)
    return "\n\n".join(parts)


def event_text(event) -> bytes:
    """Return the VEVENT of ``event`` (its ``centres`` prefetched, ``event_type`` selected)
    as iCalendar text, for ``calendar``."""
    url = absolute_url(event.get_absolute_url())
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}")
    item.add("sequence", event.sequence)
    item.add("dtstamp", event.updated_at)
    item.add("created", event.created_at)
    item.add("last-modified", event.updated_at)
    item.add("summary", TITLE_PREFIXES.get(event.status, "") + event.title)
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if event.all_day:
        item.add("dtstart", start.date())
        item.add("dtend", end.date() + datetime.timedelta(days=1))
    else:
        item.add("dtstart", start)
        item.add("dtend", end)
    item.add("status", STATUSES[event.status])
    item.add("description", description(event, url))
    item.add("url", url)
    item.add("location", location(event))
    item.add("categories", [event.event_type.name])
    organiser = next(iter(event.centres.all()), None)
    if organiser is not None:
        address = (
            f"mailto:{organiser.email}"
            if organiser.email
            else absolute_url(organiser.get_absolute_url())
        )
        item.add("organizer", address, parameters={"cn": organiser.name})
    return item.to_ical()


def calendar(events: list[bytes], name: str) -> bytes:
    """Return the iCalendar file of ``events`` (each ``event_text``'s) under the calendar
    name ``name``."""
    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", TZID)
    # Asked by Apple's and Microsoft's applications: look again every six hours.
    feed.add("x-published-ttl", "PT6H")
    feed.add_component(paris_timezone())
    text = feed.to_ical()
    end = b"END:VCALENDAR\r\n"
    return text[: -len(end)] + b"".join(events) + end
