"""A new content version at the first request of each day, for the agenda.

Stored pages are kept per content version (``crpv.cache``), and only an edit sets a new one.
The agenda's pages also change with the date alone (an event becomes past, « cette semaine »
moves on), so the first request of each day (Europe/Paris) on any server sets a new version:
``cache.add`` on a key naming the day lets one request do it, whichever worker answers it.
Each worker remembers the day it last checked, so that this costs nothing the rest of the day.
Only the events' own data moves with it (``crpv.cache.model_versions``): the navigation, the
filter choices, the directory's cards and the départements served do not depend on the date,
so a new day does not build them again.
"""

from django.core.cache import cache
from django.utils import timezone

from crpv.cache import bump_content_version
from events.models import Event

DAY_KEY = "agenda-day:{}"


class AgendaDayMiddleware:
    """The new day's version (above); put it just before ``crpv.cache.PublicCacheMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.day = None

    def __call__(self, request):
        day = timezone.localdate()
        if day != self.day:
            self.day = day
            if cache.add(DAY_KEY.format(day.isoformat()), True, 2 * 24 * 60 * 60):
                bump_content_version(Event)
        return self.get_response(request)
