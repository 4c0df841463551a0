import pytest

from centres.models import Commune, Departement, Region

pytestmark = pytest.mark.django_db


def test_eighteen_regions_of_which_five_overseas():
    assert Region.objects.count() == 18
    assert Region.objects.filter(is_overseas=True).count() == 5
    assert set(Region.objects.filter(is_overseas=True).values_list("name", flat=True)) == {
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
    }


def test_hundred_and_one_departements_with_corsica_and_overseas():
    assert Departement.objects.count() == 101
    codes = set(Departement.objects.values_list("code", flat=True))
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= codes
    assert "975" not in codes and "20" not in codes
    assert Departement.objects.get(code="974").is_overseas
    assert Departement.objects.get(code="2A").region.name == "Corse"


@pytest.mark.parametrize(
    ("postcode", "departement"),
    [
        ("69008", "69"),
        ("93200", "93"),
        ("97200", "972"),
        ("97400", "974"),
        ("20000", "2A"),
        ("20200", "2B"),
        ("97600", "976"),
        ("75116", "75"),
    ],
)
def test_postcode_leads_to_its_departement(postcode, departement):
    communes = Commune.objects.filter(postcodes__contains=postcode)
    assert departement in {c.departement.code for c in communes}


def test_commune_names_are_searchable_without_accents():
    commune = Commune.objects.get(search_name="fort de france")
    assert commune.departement.code == "972"
    assert Commune.objects.filter(search_name="cergy", departement__code="95").exists()
