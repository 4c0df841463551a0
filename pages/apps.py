from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from crpv.cache import watch
        from pages.models import Highlight, HomePage, Page

        for model in (Page, HomePage, Highlight):
            watch(model)
