from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from crpv import views

admin.site.site_header = "Portail des centres de ressources politique de la ville"
admin.site.site_title = "Administration du portail CRPV"
admin.site.index_title = "Administration"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    path("centres/", include("centres.urls")),
    path("", include("pages.urls")),
]
