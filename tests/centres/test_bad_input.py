"""Random query strings on every public URL: never a server error, never markup echoed raw."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PUBLIC_URLS = [
    "/",
    "/centres/",
    "/centres/labo-cites/",
    "/centres/donnees-ouvertes/",
    "/centres/export.csv",
    "/centres/export.json",
    "/centres/export.geojson",
    "/sitemap.xml",
    "/robots.txt",
]
KNOWN_KEYS = ["q", "region", "departement", "zone", "theme", "forme", "page"]

any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # unpaired surrogates can't be sent
    max_size=300,
)
hostile = st.sampled_from(
    ["<script>alert(1)</script>", "' OR '1'='1", "\x00", "9" * 5000, "%00", "../../etc/passwd"]
)
params = st.lists(
    st.tuples(st.one_of(st.sampled_from(KNOWN_KEYS), any_text), st.one_of(any_text, hostile)),
    max_size=6,
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(url=st.sampled_from(PUBLIC_URLS), pairs=params)
def test_random_query_strings_never_break_a_public_page(client, centre, url, pairs):
    response = client.get(url + "?" + urlencode(pairs), follow=True)
    # At most one redirect, to the address in canonical form (crpv.cache.public_page).
    assert len(response.redirect_chain) <= 1
    assert response.status_code in (200, 404)
    body = response.content.decode("utf-8", errors="replace")
    assert "<script>alert(1)" not in body
