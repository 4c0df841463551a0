from django.urls import path

from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("passes/", views.event_archive, name="archive"),
    path("agenda.ics", views.feed, name="feed"),
    # RSS and Atom feeds of new events: ?centre=<slug>, ?theme=<slug>
    path("flux.rss", feeds.rss, name="rss"),
    path("flux.atom", feeds.atom, name="atom"),
    # /agenda/export.csv, /agenda/export.json
    path("export.<str:fmt>", views.export, name="export"),
    path("schema.json", views.schema, name="schema"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/evenement.ics", views.event_ics, name="ics"),
]
