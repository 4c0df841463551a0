"""Fixtures of the directory's tests: a small network shaped like the real one."""

import pytest


@pytest.fixture
def network(make_centre):
    """Return the centres by slug: one per kind of territory the search must understand."""
    from centres.models import Theme

    cohesion = Theme.objects.get(slug="cohesion-sociale")
    return {
        "labo-cites": make_centre(
            name="Labo Cités",
            slug="labo-cites",
            departements=("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
            city="Lyon",
            postcode="69008",
            phone="04 78 77 01 43",
            website="https://www.labo-cites.org",
            themes=(cohesion,),
        ),
        "profession-banlieue": make_centre(
            name="Profession Banlieue",
            slug="profession-banlieue",
            departements=("93",),
            legal_form="association",
            city="Saint-Denis",
            postcode="93200",
            phone="01 48 09 26 36",
        ),
        "pole-ressources-95": make_centre(
            name="Pôle ressources", slug="pole-ressources-95", departements=("95",)
        ),
        "oriv": make_centre(
            name="Observatoire régional de l’intégration et de la ville",
            acronym="ORIV",
            slug="oriv",
            legal_form="association",
            departements=("08", "10", "51", "52", "54", "55", "57", "67", "68", "88"),
        ),
        "ressources-territoires": make_centre(
            name="Ressources & Territoires",
            slug="ressources-territoires",
            legal_form="gip",
            departements=("09", "12", "31", "32", "46", "65", "81", "82"),
        ),
        "villes-et-territoires": make_centre(
            name="Villes et Territoires Occitanie",
            slug="villes-et-territoires",
            departements=("11", "30", "34", "48", "66"),
        ),
        "ville-caraibe": make_centre(
            name="Ville Caraïbe",
            slug="ville-caraibe",
            departements=("972",),
            city="Fort-de-France",
            postcode="97200",
            phone="0596 68 64 52",
            latitude="14.60365",
            longitude="-61.07418",
        ),
        "cr-csur": make_centre(
            name="Centre de ressources de la cohésion sociale et urbaine de La Réunion",
            acronym="CR-CSUR",
            slug="cr-csur",
            legal_form="gip",
            departements=("974",),
            phone="0262 20 01 40",
        ),
    }
