import pytest

from centres.models import Centre
from centres.search import clean_query, search, suggest

pytestmark = pytest.mark.django_db


def slugs(result):
    return sorted(result.centres.values_list("slug", flat=True))


def departement_codes(result):
    return sorted({code for territory in result.territories for code in territory.codes})


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
    assert departement_codes(result) == ["11", "30", "93", "974"]


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
    assert departement_codes(result) == codes


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


# The names people type (issue 13)


@pytest.fixture
def places(network, make_centre):
    """Return the slugs of the small network plus the centres the place queries lead to."""
    extra = {
        "crpv-paca": ("04", "05", "06", "13", "83", "84"),
        "crpve": ("91",),
        "crpv-paris": ("75",),
        "irev": ("02", "59", "60", "62", "80"),
        "normanvilles": ("14", "27", "50", "61", "76"),
        "trajectoire-ressources": ("21", "25", "39", "58", "70", "71", "89", "90"),
        "pqn-a": ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"),
    }
    for slug, codes in extra.items():
        make_centre(name=slug.upper(), slug=slug, departements=codes)
    return set(network) | set(extra)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Communes déléguées, associées and former names lead to the current commune.
        ("Cherbourg", ["normanvilles"]),
        ("Cherbourg-Octeville", ["normanvilles"]),
        ("Annecy-le-Vieux", ["labo-cites"]),
        ("Courcouronnes", ["crpve"]),
        ("Évry-Courcouronnes (91)", ["crpve"]),
        # Abbreviations.
        ("St Etienne", ["labo-cites"]),
        ("Ste-Foy-lès-Lyon", ["labo-cites"]),
        ("IDF", ["crpv-paris", "crpve", "pole-ressources-95", "profession-banlieue"]),
        ("PACA", ["crpv-paca"]),
        ("région PACA", ["crpv-paca"]),
        ("AURA", ["labo-cites"]),
        ("BFC", ["trajectoire-ressources"]),
        # A town with its postcode or département, first or last.
        ("Lille 59000", ["irev"]),
        ("59000 Lille", ["irev"]),
        ("Saint-Denis 93", ["profession-banlieue"]),
        ("saint denis (974)", ["cr-csur"]),
        # Arrondissements.
        ("Lyon 8e", ["labo-cites"]),
        ("Lyon 1er", ["labo-cites"]),
        ("Paris 11", ["crpv-paris"]),
        ("Paris 11e arrondissement", ["crpv-paris"]),
        ("Marseille 13e", ["crpv-paca"]),
        ("marseille 13eme", ["crpv-paca"]),
        # CEDEX postcodes: their département; a town with CEDEX: the town.
        ("69421", ["labo-cites"]),
        ("13331 Marseille CEDEX 03", ["crpv-paca"]),
        ("Lyon Cedex 03", ["labo-cites"]),
        ("93210 CEDEX", ["profession-banlieue"]),
    ],
)
def test_the_names_people_type_find_their_centre(places, query, expected):
    assert slugs(search(Centre.objects.published(), query)) == expected


def test_st_denis_is_saint_denis(places):
    short = search(Centre.objects.published(), "st denis")
    assert slugs(short) == slugs(search(Centre.objects.published(), "Saint-Denis"))
    assert "profession-banlieue" in slugs(short)


def test_a_former_commune_leads_to_the_current_one_and_offers_the_homonym(places):
    result = search(Centre.objects.published(), "Évry")
    assert [choice.pick for choice in result.choices] == [
        "Évry-Courcouronnes (91)",
        "Évry-Grégy-sur-Yerre (77)",
        "Évry (89)",
    ]
    assert result.choices[0].label == "Évry-Courcouronnes (Essonne, 91), dont fait partie Évry"
    # Until the visitor picks, the centres of both Évry are shown, not one chosen in silence.
    assert slugs(result) == ["crpve", "trajectoire-ressources"]


def test_a_name_offers_every_compound_name_that_starts_with_it_by_population(places):
    result = search(Centre.objects.published(), "Aix")
    picks = [choice.pick for choice in result.choices]
    assert picks[:2] == ["Aix-en-Provence (13)", "Aix-les-Bains (73)"]
    assert "Aix (19)" in picks
    populations = [choice.population for choice in result.choices]
    assert populations == sorted(populations, reverse=True)
    assert "Aix-en-Provence (Bouches-du-Rhône, 13)" in [c.label for c in result.choices]
    assert {"crpv-paca", "labo-cites", "pqn-a"} <= set(slugs(result))


def test_a_picked_choice_finds_that_commune_alone(places):
    result = search(Centre.objects.published(), "Aix-en-Provence (13)")
    assert slugs(result) == ["crpv-paca"]
    assert result.choices == []


def test_a_single_commune_offers_no_choice(places):
    assert search(Centre.objects.published(), "Cergy").choices == []


def test_paca_is_a_current_region(places):
    result = search(Centre.objects.published(), "PACA")
    assert [t.label for t in result.territories] == ["la région Provence-Alpes-Côte d’Azur"]


def test_one_slip_of_the_keyboard_is_corrected_and_said(places):
    result = search(Centre.objects.published(), "Marseile")
    assert result.suggestion == "Marseille"
    assert slugs(result) == ["crpv-paca"]
    assert not result.understood  # not stored by the page cache: typos are endless


@pytest.mark.parametrize(("query", "suggestion"), [("Bretagen", "Bretagne"), ("Lyom", "Lyon")])
def test_slips_prefer_the_larger_place(places, query, suggestion):
    assert search(Centre.objects.published(), query).suggestion == suggestion


def test_nonsense_gets_no_suggestion(places):
    result = search(Centre.objects.published(), "zzzxqw")
    assert result.suggestion == "" and slugs(result) == []


def test_reading_a_place_runs_no_query_for_the_geography(places, app_queries):
    search(Centre.objects.published(), "93")  # the centres' names, read once per version
    with app_queries() as queries:
        for query in ("Évry", "Lyon 8e", "Lille 59000", "Marseile", "69421"):
            list(search(Centre.objects.published(), query).centres)
    assert len(queries) == 5  # one per search: the centres


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("mars", "Marseille (Bouches-du-Rhône, 13)"),
        ("seine s", "Seine-Saint-Denis (93)"),
        ("st eti", "Saint-Étienne (Loire, 42)"),
        ("paca", "Provence-Alpes-Côte d’Azur (région)"),
        ("6900", "69001 Lyon (Rhône)"),
        ("93", "Seine-Saint-Denis (93)"),
    ],
)
def test_suggestions_start_with_what_is_typed(query, first):
    items = suggest(query)
    assert items[0]["label"] == first
    assert len(items) <= 8


def test_a_suggestion_s_value_finds_that_place(places):
    for item in suggest("aix"):
        result = search(Centre.objects.published(), item["value"])
        assert len(result.territories) == 1, item
        assert result.choices == []


def test_no_suggestion_for_one_letter_or_nonsense():
    assert suggest("a") == []
    assert suggest("zzzxqw") == []
