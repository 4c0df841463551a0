from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from crpv.cache import watch
        from pages.models import Highlight, HomePage, Page
        from search import index as search

        for model in (Page, HomePage, Highlight):
            watch(model)
        # A sub-page is found only while its parent is published too.
        search.register(
            Page,
            "page",
            queryset=Page.objects.select_related("parent"),
            dependents=lambda page: page.children.all(),
        )
