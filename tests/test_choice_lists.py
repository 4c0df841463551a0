"""The filter choices read from the database (``centres.filters.ChoiceList``): the lists a
page needs that the cache lacks are read in one query, each in its own order."""

import datetime

import pytest

from centres.filters import centre_choices, read_lists, theme_choices
from centres.models import Theme
from library.filters import year_choices
from library.models import Resource, ResourceType


@pytest.mark.django_db
def test_the_lists_missing_are_read_in_one_query_then_kept(make_centre, app_queries):
    make_centre(name="Zèbre", slug="zebre")
    make_centre(name="Abeille", slug="abeille")
    kind = ResourceType.objects.first()
    for year in (2019, 2026, 2024, 2026):
        Resource.objects.create(
            title=f"Étude {year}",
            slug=f"etude-{year}-{Resource.objects.count()}",
            resource_type=kind,
            published_on=datetime.date(year, 3, 1),
            is_published=True,
        )
    Resource.objects.create(
        title="Brouillon",
        slug="brouillon",
        resource_type=kind,
        published_on=datetime.date(2030, 1, 1),
    )
    with app_queries() as queries:
        centres, themes, years = read_lists([centre_choices, theme_choices, year_choices])
    # (The content version, which the years are kept under, reads the publication schedule.)
    assert len([sql for sql in queries if "choice_list" in sql]) == 1, queries
    assert centres == [("abeille", "Abeille"), ("zebre", "Zèbre")]
    assert themes == list(Theme.objects.values_list("slug", "name"))
    assert years == [("2026", "2026"), ("2024", "2024"), ("2019", "2019")]
    assert 'value="2026"' in years.html
    with app_queries() as queries:
        assert theme_choices() == themes and year_choices() == years
    assert queries == []
