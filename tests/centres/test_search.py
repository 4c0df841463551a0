import pytest

from centres.models import Centre
from centres.search import clean_query, search

pytestmark = pytest.mark.django_db


def slugs(result):
    return sorted(result.centres.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rhone alpes", ["labo-cites"]),
        ("Auvergne-Rhône-Alpes", ["labo-cites"]),
        ("RÉUNION", ["cr-csur"]),
        ("saint denis", ["cr-csur", "profession-banlieue", "villes-et-territoires"]),
        ("93", ["profession-banlieue"]),
        ("1", ["labo-cites"]),
        ("97200", ["ville-caraibe"]),
        ("Cergy", ["pole-ressources-95"]),
        ("Fort de France", ["ville-caraibe"]),
        ("fort-de-france", ["ville-caraibe"]),
        ("l’isle d’abeau", ["labo-cites"]),
        ("69001", ["labo-cites"]),
        ("Midi-Pyrénées", ["ressources-territoires"]),
        ("occitanie", ["ressources-territoires", "villes-et-territoires"]),
        ("oriv", ["oriv"]),
        ("cr csur", ["cr-csur"]),
        ("Lyon", ["labo-cites"]),
        ("seine saint denis", ["profession-banlieue"]),
        ("pontois", ["pole-ressources-95"]),
    ],
)
def test_search_finds_the_centres_serving_the_territory(network, query, expected):
    assert slugs(search(Centre.objects.published(), query)) == expected


def test_saint_denis_is_understood_as_every_commune_of_that_name(network):
    result = search(Centre.objects.published(), "Saint-Denis")
    labels = [t.label for t in result.territories]
    assert labels[:2] == ["Saint-Denis (La Réunion, 974)", "Saint-Denis (Seine-Saint-Denis, 93)"]
    assert result.departement_codes == ["11", "30", "93", "974"]


@pytest.mark.parametrize(
    ("query", "territory", "codes"),
    [
        ("2A", "Corse-du-Sud (2A)", ["2A"]),
        ("corse", "la région Corse", ["2A", "2B"]),
        ("Guadeloupe", "Guadeloupe (971)", ["971"]),
        ("971", "Guadeloupe (971)", ["971"]),
        ("Seine-et-Marne", "Seine-et-Marne (77)", ["77"]),
        ("77", "Seine-et-Marne (77)", ["77"]),
        ("92", "Hauts-de-Seine (92)", ["92"]),
        ("Ajaccio", "Ajaccio (Corse-du-Sud, 2A)", ["2A"]),
    ],
)
def test_a_territory_without_centre_is_understood_and_named(network, query, territory, codes):
    result = search(Centre.objects.published(), query)
    assert slugs(result) == []
    assert [t.label for t in result.territories] == [territory]
    assert result.departement_codes == codes


def test_a_region_name_is_not_read_as_the_village_of_the_same_name(network):
    result = search(Centre.objects.published(), "Bretagne")
    assert [t.kind for t in result.territories] == ["region"]


def test_unknown_words_are_not_understood(network):
    result = search(Centre.objects.published(), "zzzxqw")
    assert not result.understood
    assert slugs(result) == []


def test_empty_query_keeps_every_centre(network):
    result = search(Centre.objects.published(), "  ")
    assert len(slugs(result)) == len(network)
    assert result.territories == []


def test_search_never_returns_an_unpublished_centre(make_centre):
    make_centre(name="Caché", slug="cache", departements=("93",), is_published=False)
    assert slugs(search(Centre.objects.published(), "93")) == []


def test_search_composes_with_a_filtered_queryset(network):
    queryset = Centre.objects.published().filter(legal_form="association")
    assert slugs(search(queryset, "saint denis")) == ["profession-banlieue"]


def test_a_postcode_is_looked_up_in_its_own_departement_first(network, app_queries):
    search(Centre.objects.published(), "93")  # the centres' names, read once per version
    with app_queries() as queries:
        result = search(Centre.objects.published(), "93200")
        assert slugs(result) == ["profession-banlieue"]
    assert len(queries) <= 3


def test_clean_query_removes_control_characters_and_cuts_long_input():
    assert clean_query("Lyon\x00\x1f  3e\n") == "Lyon 3e"
    assert len(clean_query("a" * 10_000)) == 200
    assert clean_query(None) == ""
