"""Synthetic content for the benchmarks, written into the configured database.

Call after ``django.setup()``, on a throw-away database that holds the network's directory.
"""

import datetime

from django.utils import timezone

from centres.models import Centre, Theme
from events.models import Audience, Event, EventType


def add_events(count):
    """Publish ``count`` events « bench-0 »… five hours apart from 20 days ago (Europe/Paris
    is irrelevant: times are aware UTC), a third online, the rest in Lyon 3e, with one or two
    organising centres, a theme and an audience each."""
    centres = list(Centre.objects.order_by("pk"))
    types = list(EventType.objects.all())
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    start -= datetime.timedelta(days=20)
    events = Event.objects.bulk_create(
        Event(
            title=f"Rencontre synthétique {n} : l’emploi des jeunes dans les quartiers",
            slug=f"bench-{n}",
            summary="Une matinée d’échanges entre chefs de projet, délégués du préfet et élus.",
            description="<p>Programme de la matinée, intervenants et informations pratiques.</p>",
            event_type=types[n % len(types)],
            format="en-ligne" if n % 3 == 0 else "presentiel",
            city="" if n % 3 == 0 else "Lyon",
            postcode="" if n % 3 == 0 else "69003",
            online_url="https://visio.example.org/salle" if n % 3 == 0 else "",
            starts_at=start + datetime.timedelta(hours=5 * n),
            ends_at=start + datetime.timedelta(hours=5 * n + 3),
            registration_url="https://example.org/inscription",
            is_published=True,
        )
        for n in range(count)
    )
    through = Event.centres.through
    through.objects.bulk_create(
        through(event_id=event.pk, centre_id=centres[(n + k) % len(centres)].pk)
        for n, event in enumerate(events)
        for k in range(1 + n % 2)
    )
    themes, audiences = list(Theme.objects.all()), list(Audience.objects.all())
    Event.themes.through.objects.bulk_create(
        Event.themes.through(event_id=e.pk, theme_id=themes[n % len(themes)].pk)
        for n, e in enumerate(events)
    )
    Event.audiences.through.objects.bulk_create(
        Event.audiences.through(event_id=e.pk, audience_id=audiences[n % len(audiences)].pk)
        for n, e in enumerate(events)
    )
