"""Template tags of the agenda: the next events on the home page and on a centre's page."""

from django import template

from crpv.cache import versioned
from crpv.sections import CENTRE_COUNT, HOME_COUNT, Section
from events.dates import when
from events.models import Event, Status

register = template.Library()

SECTION = Section("next-events", "events/_next_event.html", "events:list")


def summaries(events):
    """Return what a short list shows of each event, as plain dicts (kept in the cache)."""
    return [
        {
            "title": event.title,
            "url": event.get_absolute_url(),
            "when": when(event.starts_at, event.ends_at, event.all_day),
            "place": event.place_label,
            "type": event.event_type.name,
            "status": event.get_status_display() if event.status != Status.SCHEDULED else "",
        }
        for event in events
    ]


def _upcoming():
    return Event.objects.published().upcoming().select_related("event_type")


@register.inclusion_tag("includes/section.html")
def next_events():
    """Draw the network's next events (home page): one query per content version."""
    events = versioned("next-events", lambda: summaries(_upcoming()[:HOME_COUNT]))
    return SECTION.context(events, "Prochains événements", "Tout l’agenda du réseau")


@register.inclusion_tag("includes/section.html")
def centre_events(centre):
    """Draw the next events organised by ``centre`` (a centre's page): one query."""
    events = summaries(_upcoming().filter(centres=centre)[:CENTRE_COUNT])
    return SECTION.context(
        events,
        "Prochains événements du centre",
        "Tous les événements du centre",
        centre=centre,
        empty="Aucun événement annoncé pour le moment.",
    )


@register.filter
def event_when(event):
    """Return when ``event`` takes place, in French (``events.dates.when``)."""
    return when(event.starts_at, event.ends_at, event.all_day)
