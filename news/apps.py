from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Actualités du réseau"

    def ready(self):
        from crpv.cache import watch, watch_schedule
        from news.models import NewsItem, scheduled_publications
        from search import index as search

        # What visitors see of the news (not its history rows)…
        watch(NewsItem, m2m_fields=("centres", "themes", "events", "resources"))
        # …and the items programmed for later, which appear with no save at all.
        watch_schedule(scheduled_publications, models=[NewsItem])
        # Scheduled items are indexed at once and left out of searches until their time
        # (``search.views``).
        search.register(NewsItem, "news")
