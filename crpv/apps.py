from django.apps import AppConfig


class CrpvConfig(AppConfig):
    """The project itself: site-wide behaviour that belongs to no single app."""

    name = "crpv"
    verbose_name = "Portail CRPV"
