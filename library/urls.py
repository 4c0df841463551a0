from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("", views.resource_list, name="list"),
    # /ressources/export.csv, /ressources/export.json
    path("export.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/vignettes/<int:pk>.png", views.thumbnail, name="thumbnail"),
    path("<slug:slug>/fichiers/<int:pk>/<str:name>", views.download, name="download"),
]
