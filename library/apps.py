from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Ressources du réseau"

    def ready(self):
        from centres import territory
        from crpv.cache import watch
        from library import signals
        from library.models import (
            TERRITORY_PATHS,
            Resource,
            ResourceFile,
            ResourceType,
            write_region_facets,
        )
        from search.index import register

        # What visitors see of the library (not its history rows).
        watch(
            Resource,
            m2m_fields=("centres", "themes", "audiences", "departements", "communes"),
        )
        watch(ResourceFile)
        watch(ResourceType)
        signals.connect()
        register(Resource, "resource", queryset=Resource.objects.prefetch_related("files"))
        # The régions counted by the catalogue follow the territory.
        territory.follow(Resource, TERRITORY_PATHS, after_store=write_region_facets)
