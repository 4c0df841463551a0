from django.urls import path
from django.views.i18n import JavaScriptCatalog

from pages import views

app_name = "pages"

# Included last by crpv/urls.py: the slug patterns catch any path nothing else claimed.
urlpatterns = [
    path("", views.home, name="home"),
    path("donnees-ouvertes/", views.open_data_redirect, name="open_data"),
    path("plan-du-site/", views.site_map, name="site_map"),
    # The rich-text editor's French labels, for the admin (see PageAdmin.Media).
    path(
        "jsi18n/editeur/",
        JavaScriptCatalog.as_view(packages=["django_prose_editor"]),
        name="editor_jsi18n",
    ),
    path("<slug:slug>/", views.page_detail, name="detail"),
    path("<slug:parent>/<slug:slug>/", views.page_detail, name="child"),
]
