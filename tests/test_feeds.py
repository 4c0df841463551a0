"""What every feed shares (``crpv.feeds``): the scope narrows any content linked to centres
and themes."""

import pytest

from centres.models import Theme
from crpv.feeds import FeedScope
from events.models import Event

pytestmark = pytest.mark.django_db


def test_the_network_scope_keeps_everything(make_event):
    make_event()
    make_event()
    assert FeedScope().narrow(Event.objects.all()).count() == 2


def test_a_scope_keeps_the_content_of_its_centre_and_theme(make_event, make_centre):
    theme = Theme.objects.first()
    other = make_centre(name="Autre centre", slug="autre")
    kept = make_event(themes=[theme])
    make_event()  # not on the theme
    make_event(centres=[other], themes=[theme])  # not of the centre
    scope = FeedScope(centre=("labo-cites", "Labo Cités"), theme=(theme.slug, theme.name))
    events = list(scope.narrow(Event.objects.all()))
    assert events == [kept]
    assert [c.name for c in events[0].centres.all()] == ["Labo Cités"]  # prefetched
