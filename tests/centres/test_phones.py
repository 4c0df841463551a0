import pytest
from django.core.exceptions import ValidationError

from centres.phones import format_national, normalize_phone, region_for, regions_of


@pytest.mark.parametrize(
    ("raw", "e164", "national"),
    [
        ("04 78 77 01 43", "+33478770143", "04 78 77 01 43"),
        ("0478770143", "+33478770143", "04 78 77 01 43"),
        ("+33 4 78 77 01 43", "+33478770143", "04 78 77 01 43"),
        ("0033478770143", "+33478770143", "04 78 77 01 43"),
        ("0596686452", "+596596686452", "0596 68 64 52"),
        ("0596 68 64 52", "+596596686452", "0596 68 64 52"),
        ("+596 596 68 64 52", "+596596686452", "0596 68 64 52"),
        ("0594287943", "+594594287943", "0594 28 79 43"),
        ("0262200140", "+262262200140", "0262 20 01 40"),
        ("0269617144", "+262269617144", "0269 61 71 44"),
        ("0590 82 00 00", "+590590820000", "0590 82 00 00"),
    ],
)
def test_phone_numbers_get_their_territory_country_code(raw, e164, national):
    assert normalize_phone(raw) == e164
    assert format_national(e164) == national


@pytest.mark.parametrize("raw", ["abc", "12", "0596", "+33 1", "01 23"])
def test_invalid_phone_numbers_are_rejected_in_french(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalize_phone(raw)
    assert "n’est pas un numéro de téléphone valide" in excinfo.value.messages[0]


def test_empty_phone_stays_empty():
    assert normalize_phone("  ") == ""
    assert format_national("") == ""


def test_each_overseas_departement_has_the_territory_of_its_phone_prefixes():
    assert regions_of(["972"]) == {region_for("0596686452")} == {"MQ"}
    assert regions_of(["971", "973", "974", "976"]) == {"GP", "GF", "RE", "YT"}
    assert regions_of(["69", "2A"]) == {"FR"}
