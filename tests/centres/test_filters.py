"""The filters every public list shares (``centres.filters``)."""

import django_filters
import pytest

from centres.filters import (
    ListFilterSet,
    centre_filter,
    slug_list,
    theme_choices,
    theme_filter,
)
from centres.models import Centre, Theme
from events.filters import EventFilter
from library.filters import ResourceFilter
from news.filters import NewsFilter


class ThemeAndCentreFilter(ListFilterSet):
    theme = theme_filter()
    centre = centre_filter("Centre porteur")

    class Meta:
        model = Centre
        fields = ()


def test_theme_filter_offers_the_themes_and_filters_by_method():
    filter_ = theme_filter()
    assert isinstance(filter_, django_filters.ChoiceFilter)
    assert filter_.label == "Thème"
    assert filter_.extra["choices"] is theme_choices
    assert filter_.extra["empty_label"] == "Tous les thèmes"
    assert filter_.method == "filter_theme"


def test_centre_filter_takes_its_label_and_offers_the_published_centres(make_centre):
    make_centre(name="Publié", slug="publie")
    make_centre(name="Caché", slug="cache", is_published=False)
    assert centre_filter().label == "Centre"
    filter_ = centre_filter("Centre organisateur")
    assert filter_.label == "Centre organisateur"
    assert filter_.extra["empty_label"] == "Tous les centres"
    assert filter_.method == "filter_centre"
    assert ("publie", "Publié") in filter_.extra["choices"]()
    assert "cache" not in dict(filter_.extra["choices"]())


@pytest.mark.parametrize("filterset", [EventFilter, ResourceFilter, NewsFilter])
def test_every_list_uses_the_shared_theme_and_centre_filters(filterset):
    for name, method in (("theme", "filter_theme"), ("centre", "filter_centre")):
        assert filterset.base_filters[name].method == method
        assert filterset.base_filters[name].extra["empty_label"] in (
            "Tous les thèmes",
            "Tous les centres",
        )


def test_the_shared_theme_filter_keeps_the_rows_on_the_theme_once(make_centre):
    first, second = Theme.objects.all()[:2]
    both = make_centre(name="Les deux", themes=[first, second], departements=("69", "01"))
    make_centre(name="Autre", themes=[second])
    filterset = ThemeAndCentreFilter({"theme": first.slug}, queryset=Centre.objects.all())
    assert list(filterset.qs) == [both]


def test_having_goes_through_a_subquery_so_a_row_appears_once(make_centre):
    centre = make_centre(departements=("69", "01", "38"))
    filterset = ThemeAndCentreFilter({}, queryset=Centre.objects.all())
    kept = filterset.having(Centre.objects.all(), departements__region__code="84")
    assert list(kept) == [centre]


def test_an_unknown_value_is_said_in_french_and_ignored(make_centre):
    make_centre()
    filterset = ThemeAndCentreFilter({"theme": "nope"}, queryset=Centre.objects.all())
    assert filterset.qs.count() == 1
    assert filterset.problems == [
        "Le filtre «\u00a0Thème\u00a0» a une valeur que nous ne connaissons pas "
        "(«\u00a0nope\u00a0»)\u00a0: il a été ignoré."
    ]


def test_slug_list_lists_the_queryset_in_its_order_and_keeps_it(make_centre):
    make_centre(name="Zèbre", slug="zebre")
    make_centre(name="Abeille", slug="abeille")
    queryset = Centre.objects.order_by("name")
    expected = [("abeille", "Abeille"), ("zebre", "Zèbre")]
    assert slug_list("test-choices", queryset)() == expected
    Centre.objects.filter(slug="zebre").update(name="Zèbre rayé")  # no signal: same version
    assert slug_list("test-choices", queryset)() == expected


def test_errors_are_the_values_ignored_and_none_without_building_an_unbound_form(db):
    unbound = ThemeAndCentreFilter(None, queryset=Centre.objects.all())
    assert unbound.errors == {} and unbound.problems == [] and unbound.invalid == []
    assert not hasattr(unbound, "_form")  # django-filter's ``errors`` would build it
    bound = ThemeAndCentreFilter({"theme": "nope"}, queryset=Centre.objects.all())
    assert list(bound.errors) == ["theme"] and bound.invalid == ["Thème"]
