from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.news_list, name="list"),
    # RSS and Atom feeds of the news: ?centre=<slug>, ?theme=<slug>
    path("flux.rss", feeds.rss, name="rss"),
    path("flux.atom", feeds.atom, name="atom"),
    path("<slug:slug>/", views.news_detail, name="detail"),
    path("<slug:slug>/images/<str:name>", views.image, name="image"),
]
