from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class CrpvConfig(AppConfig):
    """The project itself: wires site-wide behaviour that belongs to no single app."""

    name = "crpv"
    verbose_name = "Portail CRPV"

    def ready(self):
        from crpv.cache import invalidate_on_commit

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_on_commit, dispatch_uid=f"public-cache-{signal}")
