from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = "Annuaire des centres"

    def ready(self):
        from centres.models import Centre, Theme
        from centres.views import rebuild_directory
        from crpv.cache import watch
        from search import index as search

        # What visitors see of the directory (not the referents, history rows or imports
        # waiting for confirmation: changing those empties no cache).
        # An edit's writer draws the map and the centre's card again (``rebuild_directory``).
        watch(Centre, m2m_fields=("departements", "themes"), rebuild=rebuild_directory)
        watch(Theme)
        search.register(
            Centre,
            "centre",
            m2m_fields=("departements", "themes"),
            queryset=Centre.objects.prefetch_related("departements", "themes"),
        )
