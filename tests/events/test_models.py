"""The event: validation in French, cleaning on save, sequence, queries, history, vocabularies."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import Audience, Event, EventType
from tests.events.conftest import paris

pytestmark = pytest.mark.django_db


def test_types_and_audiences_are_seeded_by_the_migration():
    assert list(EventType.objects.values_list("name", flat=True)) == [
        "Webinaire",
        "Séminaire",
        "Atelier",
        "Cycle de qualification",
        "Journée régionale",
        "Formation",
        "Rencontre",
    ]
    assert Audience.objects.filter(name="Délégués du préfet").exists()


def test_end_before_start_is_refused_in_french(make_event):
    with pytest.raises(ValidationError) as error:
        make_event(starts_at=paris(2030, 3, 2, 14, 0), ends_at=paris(2030, 3, 2, 9, 0))
    assert error.value.message_dict["ends_at"] == ["La fin doit venir après le début."]


def test_unknown_commune_or_wrong_postcode_is_refused(make_event):
    with pytest.raises(ValidationError) as error:
        make_event(city="Lyon", postcode="13001")
    assert error.value.message_dict["city"] == [
        "Aucune commune «\u00a0Lyon\u00a0» n’a le code postal 13001."
    ]
    with pytest.raises(ValidationError) as error:
        make_event(city="Nulle-Part-sur-Mer", postcode="")
    assert error.value.message_dict["city"] == [
        "La commune «\u00a0Nulle-Part-sur-Mer\u00a0» est inconnue."
    ]


def test_in_person_event_is_placed_in_its_commune(make_event):
    event = make_event(city="lyon", postcode="69003")
    assert event.commune.name == "Lyon"
    assert event.commune.departement.code == "69"


def test_online_event_needs_a_link_or_a_registration(make_event):
    with pytest.raises(ValidationError) as error:
        make_event(format="en-ligne", city="", postcode="")
    assert "online_url" in error.value.message_dict
    event = make_event(format="en-ligne", city="", postcode="", online_url="https://visio.fr/x")
    assert event.commune is None
    assert event.place_label == "en ligne"


def test_registration_deadline_after_the_start_is_refused(make_event):
    with pytest.raises(ValidationError) as error:
        make_event(
            starts_at=paris(2030, 3, 2, 9, 0),
            ends_at=paris(2030, 3, 2, 12, 0),
            registration_deadline=datetime.date(2030, 3, 5),
        )
    assert "registration_deadline" in error.value.message_dict


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),
        ({"status": "annule", "status_reason": "Intempéries"}, False),
        ({"is_full": True}, False),
        ({"registration_url": ""}, False),  # no way to register
        ({"registration_deadline": datetime.date(2020, 1, 1)}, False),
    ],
)
def test_registration_is_open_only_for_a_scheduled_event_with_room_and_time_left(
    make_event, changes, expected
):
    event = make_event(**{"registration_url": "https://inscription.example.org/", **changes})
    assert event.registration_open is expected


def test_description_is_cleaned_once_on_save_like_a_page(make_event):
    event = make_event(
        title="Atelier : l'emploi", description='<p onclick="x()">Venez !<script>x()</script></p>'
    )
    assert event.description == "<p>Venez\u00a0!</p>"
    assert event.title == "Atelier\u00a0: l’emploi"


def test_sequence_goes_up_on_each_edit_and_never_back(event):
    assert event.sequence == 0
    event.title = "Nouveau titre"
    event.save()
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 2
    old = event.history.earliest().instance  # a restored version carries sequence 0
    old.save()
    assert Event.objects.get(pk=event.pk).sequence == 3


def test_upcoming_and_past_split_on_today(make_event):
    yesterday = paris(2020, 1, 1, 9, 0)
    past = make_event(starts_at=yesterday, ends_at=yesterday + datetime.timedelta(hours=2))
    coming = make_event()
    assert list(Event.objects.upcoming()) == [coming]
    assert list(Event.objects.past()) == [past]


def test_history_records_every_version(event):
    before = event.history.count()
    event.status = "annule"
    event.status_reason = "Grève des transports"
    event.save()
    assert event.history.count() == before + 1
    assert event.history.latest().status == "annule"


def test_reason_is_dropped_when_the_event_is_back_to_scheduled(event):
    event.status_reason = "Oubli"
    event.full_clean()
    assert event.status_reason == ""
