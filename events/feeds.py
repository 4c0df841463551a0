"""RSS 2.0 and Atom feeds of newly published events (``/agenda/flux.rss``, ``/agenda/flux.atom``),
for the whole network, one centre (``?centre=``) or one theme (``?theme=``): ``crpv.feeds``.

Three queries: the events (with type and commune), their organisers, their themes.
"""

from django.utils.html import format_html

from crpv.feeds import SiteFeed, feed_views
from events.dates import when
from events.ical import TITLE_PREFIXES
from events.models import Event


class EventFeed(SiteFeed):
    """The events, latest published first (``Event.published_at``), past ones included: a
    feed says what is new on the agenda, not what is coming."""

    feed_title = "Nouveaux événements — Réseau CRPV"
    feed_description = (
        "Les événements annoncés par les centres de ressources politique de la ville, "
        "les derniers publiés d’abord."
    )
    list_url_name = "events:list"
    url_names = {"rss": "events:rss", "atom": "events:atom"}

    def scoped_items(self, scope):
        events = scope.narrow(Event.objects.published().exclude(published_at=None))
        return events.select_related("event_type", "commune").order_by("-published_at", "-pk")

    def item_title(self, event):
        # Plain text, not escaped as Django's default does: an Atom title is text unless it
        # says otherwise, and feed readers (feedparser) read RSS titles as text too.
        return TITLE_PREFIXES.get(event.status, "") + event.title

    def item_description(self, event):
        moment = when(event.starts_at, event.ends_at, event.all_day)
        text = format_html(
            "<p>{} — {}, {}</p>",
            event.event_type.name,
            moment[:1].upper() + moment[1:],
            event.place_label,
        )
        if event.status_reason:
            text += format_html("<p>{}</p>", event.status_reason)
        if event.summary:
            text += format_html("<p>{}</p>", event.summary)
        return text

    def item_author_name(self, event):
        return ", ".join(centre.name for centre in event.centres.all())

    def item_categories(self, event):
        return [event.event_type.name, *(theme.name for theme in event.themes.all())]


rss, atom = feed_views(EventFeed)
