"""What the public lists share (crpv.listing): their page, read with as few queries as it
needs, and their address without its page."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict

from centres.models import Centre
from crpv.listing import page_or_nearest, query_without_page


@pytest.fixture
def centres(make_centre):
    return [make_centre(name=f"Centre {n:02}", slug=f"centre-{n:02}") for n in range(5)]


def ordered():
    return Centre.objects.order_by("name").values_list("name", flat=True)


def test_a_list_that_fits_in_one_page_is_read_without_a_count(centres, django_assert_num_queries):
    with django_assert_num_queries(1):
        page, notice = page_or_nearest(Paginator(ordered(), 10), None)
        assert list(page) == [f"Centre {n:02}" for n in range(5)]
        assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (5, 1, False)
    assert notice == ""


def test_a_longer_list_is_counted_and_its_first_page_taken_from_the_rows_read(
    centres, django_assert_num_queries
):
    with django_assert_num_queries(2):
        page, _ = page_or_nearest(Paginator(ordered(), 2), "")
        assert list(page) == ["Centre 00", "Centre 01"]
        assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (5, 3, True)


def test_an_empty_list_gives_an_empty_first_page(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        page, _ = page_or_nearest(Paginator(ordered(), 10), None)
        assert (list(page), page.paginator.count) == ([], 0)


def test_a_page_number_that_is_not_one_gives_the_first_page_and_a_notice(centres):
    page, notice = page_or_nearest(Paginator(ordered(), 2), "abc")
    assert (page.number, list(page)) == (1, ["Centre 00", "Centre 01"])
    assert notice == "Le numéro de page demandé n’est pas valide\u00a0: voici la première page."


def test_query_without_page_keeps_every_other_parameter():
    params = QueryDict("q=lyon&page=3&theme=emploi&theme=habitat")
    assert query_without_page(params) == "q=lyon&theme=emploi&theme=habitat"
    assert params["page"] == "3"  # the list's own parameters are left as they were
    assert query_without_page(QueryDict("page=2")) == ""
