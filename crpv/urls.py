from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from centres.sitemaps import CentreSitemap, DirectorySitemap
from centres.views import robots_txt
from crpv import views
from crpv.cache import public_page
from events.sitemaps import SITEMAPS as AGENDA_SITEMAPS
from library.sitemaps import SITEMAPS as LIBRARY_SITEMAPS
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS
from pages.sitemaps import PageSitemap

# Each kind of public content adds its own section.
SITEMAPS = {
    "annuaire": DirectorySitemap,
    "centres": CentreSitemap,
    "pages": PageSitemap,
    **AGENDA_SITEMAPS,
    **LIBRARY_SITEMAPS,
    **NEWS_SITEMAPS,
}

admin.site.site_header = "Portail des centres de ressources politique de la ville"
admin.site.site_title = "Administration du portail CRPV"
admin.site.index_title = "Administration"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers and the admin (which has no icon link) ask for /favicon.ico.
    path("favicon.ico", views.favicon, name="favicon"),
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    path("centres/", include("centres.urls")),
    path("agenda/", include("events.urls")),
    path("ressources/", include("library.urls")),
    path("actualites/", include("news.urls")),
    path("recherche/", include("search.urls")),
    path(
        "sitemap.xml",
        public_page(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("pages.urls")),
]
