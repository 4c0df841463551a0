"""The preview rule every detail page shares (``crpv.referents.visible_or_404``)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from crpv.referents import CENTRES_REFERENTS, visible_or_404
from crpv.roles import REFERENTS

pytestmark = pytest.mark.django_db


def test_a_visible_object_is_shown_to_anyone(centre):
    visible_or_404(AnonymousUser(), centre, True)


def test_a_hidden_object_is_a_404_for_a_visitor(centre):
    with pytest.raises(Http404):
        visible_or_404(AnonymousUser(), centre, False)


def test_a_hidden_object_is_shown_to_whoever_may_change_it(centre, staff_user):
    visible_or_404(staff_user, centre, False)


def test_a_referent_previews_the_content_of_their_centres_only(
    centre, make_centre, make_event, make_staff
):
    referent = make_staff(REFERENTS, centres=[centre])
    theirs = make_event(is_published=False)
    others = make_event(is_published=False, centres=[make_centre()])
    visible_or_404(referent, theirs, False, CENTRES_REFERENTS)
    with pytest.raises(Http404):
        visible_or_404(referent, others, False, CENTRES_REFERENTS)
