from django.urls import path

from centres import views

app_name = "centres"

urlpatterns = [
    path("", views.centre_list, name="list"),
    path("donnees-ouvertes/", views.open_data, name="open_data"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("schema.json", views.schema, name="schema"),
    # /centres/export.csv, /centres/export.json, /centres/export.geojson
    path("export.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/", views.centre_detail, name="detail"),
]
