"""What the public lists share (crpv.listing)."""

from django.http import QueryDict

from crpv.listing import query_without_page


def test_query_without_page_keeps_every_other_parameter():
    params = QueryDict("q=lyon&page=3&theme=emploi&theme=habitat")
    assert query_without_page(params) == "q=lyon&theme=emploi&theme=habitat"
    assert params["page"] == "3"  # the list's own parameters are left as they were
    assert query_without_page(QueryDict("page=2")) == ""
