from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Agenda du réseau"

    def ready(self):
        from centres import territory
        from crpv.cache import watch
        from events.models import TERRITORY_PATHS, Audience, Event, EventType
        from search import index as search

        # What visitors see of the agenda (not its history rows).
        watch(Event, m2m_fields=("centres", "themes", "audiences"))
        watch(EventType)
        watch(Audience)
        search.register(Event, "event")
        territory.follow(Event, TERRITORY_PATHS)
