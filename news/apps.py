from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Actualités du réseau"

    def ready(self):
        from crpv.cache import watch, watch_schedule
        from news.models import NewsItem, scheduled_publications

        # What visitors see of the news (not its history rows)…
        watch(NewsItem, m2m_fields=("centres", "themes", "events"))
        # …and the items programmed for later, which appear with no save at all.
        watch_schedule(scheduled_publications, models=[NewsItem])
