import pytest
from django.core.exceptions import ValidationError

from centres.models import Centre, LegalForm

pytestmark = pytest.mark.django_db


def test_phone_is_stored_in_international_form_and_shown_in_french(make_centre):
    centre = make_centre(phone="0596 68 64 52", phone_2="04 78 77 01 43")
    centre.refresh_from_db()
    assert centre.phone == "+596596686452"
    assert centre.phone_display == "0596 68 64 52"
    assert centre.phone_2 == "+33478770143"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "pas un numéro", "numéro de téléphone valide"),
        ("postcode", "99999", "n’existe pas"),
        ("postcode", "6900", "cinq chiffres"),
        ("website", "https://", "URL valide"),
        ("email", "contact@", "courriel valide"),
        ("year_created", 3000, "futur"),
    ],
)
def test_bad_values_are_rejected_with_a_french_message(field, value, message):
    centre = Centre(name="Centre", slug="centre", **{field: value})
    with pytest.raises(ValidationError) as excinfo:
        centre.full_clean()
    assert message in " ".join(excinfo.value.message_dict[field])
    assert not Centre.objects.exists()


def test_carried_centre_needs_its_carrying_structure():
    centre = Centre(name="Normanvilles", slug="normanvilles", legal_form=LegalForm.CARRIED)
    with pytest.raises(ValidationError) as excinfo:
        centre.full_clean()
    assert "carrying_structure" in excinfo.value.message_dict


def test_coordinates_go_in_pairs():
    centre = Centre(name="Centre", slug="centre", latitude=45.7)
    with pytest.raises(ValidationError) as excinfo:
        centre.full_clean()
    assert "longitude" in excinfo.value.message_dict


def test_regions_are_derived_from_the_departements(make_centre):
    centre = make_centre(departements=("44", "35", "49"))
    assert [r.name for r in centre.regions] == ["Bretagne", "Pays de la Loire"]
    assert not centre.is_overseas
    assert make_centre(departements=("972",)).is_overseas


def test_published_queryset_leaves_out_unpublished_centres(make_centre):
    shown = make_centre()
    make_centre(is_published=False)
    assert list(Centre.objects.published()) == [shown]


def _expected_order(centres):
    def key(centre):
        departements = list(centre.departements.select_related("region"))
        if not departements:
            return ("2", "", centre.name, centre.pk)
        region = min(f"{int(d.is_overseas)}{d.region.search_name}" for d in departements)
        return (region, min(d.code for d in departements), centre.name, centre.pk)

    return [c.slug for c in sorted(centres, key=key)]


def test_imported_centres_are_sorted_by_territory(db):
    from django.core.management import call_command

    call_command("import_centres", "centres/data/centres.csv", verbosity=0)
    ordered = list(Centre.objects.by_territory().values_list("slug", flat=True))
    assert ordered == _expected_order(Centre.objects.all())


def test_a_changed_territory_moves_the_centre(make_centre):
    from centres.models import Departement

    lyon = make_centre(slug="lyon", departements=("69",))
    make_centre(slug="rennes", departements=("35",))
    assert list(Centre.objects.by_territory().values_list("slug", flat=True)) == [
        "lyon",
        "rennes",
    ]
    lyon.departements.set(Departement.objects.filter(code="972"))  # overseas: last
    assert list(Centre.objects.by_territory().values_list("slug", flat=True)) == [
        "rennes",
        "lyon",
    ]
    lyon.departements.clear()  # serving nothing: last
    assert Centre.objects.get(slug="lyon").territory_key == "2"


def test_a_cedex_postcode_is_accepted_with_the_city_of_its_departement():
    centre = Centre(name="Centre", slug="centre", postcode="69421", city="Lyon Cedex 03")
    centre.full_clean(exclude=["departements", "themes"])


def test_a_cedex_postcode_of_another_departement_than_the_city_is_refused():
    centre = Centre(name="Centre", slug="centre", postcode="13421", city="Lyon Cedex 03")
    with pytest.raises(ValidationError) as excinfo:
        centre.full_clean(exclude=["departements", "themes"])
    assert "code CEDEX" in " ".join(excinfo.value.message_dict["postcode"])
