"""Positions pasted by staff from any map (centres.positions) and their checks."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from centres.models import Centre
from centres.positions import in_departement, parse_position
from tests.centres.test_referents import CENTRES, form_data

LYON = (Decimal("45.76400"), Decimal("4.83570"))


@pytest.mark.parametrize(
    "text",
    [
        "45.764, 4.8357",
        "45,764 ; 4,8357",
        "45.764 4.8357",
        "geo:45.764,4.8357",
        "geo:45.764,4.8357;u=35",
        "45°45'50.4\"N 4°50'8.52\"E",
        "45°45′50.4″N, 4°50′8.52″E",
        "https://www.openstreetmap.org/#map=18/45.76400/4.83570",
        "https://www.openstreetmap.org/?mlat=45.764&mlon=4.8357#map=19/45.764/4.8357",
        "https://www.google.com/maps/place/Lyon/@45.764,4.8357,17z/data=x",
        "https://www.geoportail.gouv.fr/carte?c=4.8357,45.764&z=18&lat=45.764&lon=4.8357",
    ],
)
def test_positions_are_read_in_the_forms_maps_give(text):
    assert parse_position(text) == LYON


def test_degrees_west_and_south_are_negative():
    assert parse_position("16°14'N 61°32'O") == (Decimal("16.23333"), Decimal("-61.53333"))
    assert parse_position("21°6'S 55°32'E")[0] == Decimal("-21.10000")


@pytest.mark.parametrize("text", ["Lyon", "45.7", "95.1, 4.8", "1, 2, 3, 4x", "°N °E", "x" * 600])
def test_what_is_not_a_position_gets_a_french_message(text):
    with pytest.raises(ValueError, match="Position illisible"):
        parse_position(text)


def test_a_point_is_checked_against_its_departement():
    assert in_departement(*LYON, "69")
    assert not in_departement(LYON[1], LYON[0], "69")  # swapped
    assert in_departement(14.6, -61.0, "972")
    assert not in_departement(14.6, 61.0, "972")  # lost minus sign
    assert in_departement(0, 0, "XX")  # unknown: nothing to check


@pytest.mark.django_db
def test_swapped_coordinates_are_refused_with_the_departement_named():
    centre = Centre(
        name="Centre",
        slug="centre",
        postcode="69003",
        city="Lyon",
        latitude=LYON[1],
        longitude=LYON[0],
    )
    with pytest.raises(ValidationError) as excinfo:
        centre.full_clean(exclude=["departements", "themes"])
    assert "inversées" in " ".join(excinfo.value.message_dict["latitude"])


@pytest.mark.django_db
def test_a_pasted_position_places_the_centre_from_the_admin(client, referent, centre):  # noqa: F811
    centre.postcode, centre.city = "69003", "Lyon"
    centre.save()
    client.force_login(referent)
    response = client.post(
        f"{CENTRES}{centre.pk}/change/",
        form_data(centre, position="https://www.openstreetmap.org/#map=18/45.76400/4.83570"),
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert (centre.latitude, centre.longitude) == LYON


@pytest.mark.django_db
def test_an_unreadable_pasted_position_changes_nothing(client, referent, centre):  # noqa: F811
    client.force_login(referent)
    response = client.post(
        f"{CENTRES}{centre.pk}/change/", form_data(centre, position="place Bellecour")
    )
    assert response.status_code == 200
    assert "Position illisible" in response.content.decode()
    centre.refresh_from_db()
    assert centre.latitude is None
