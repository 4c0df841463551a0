"""Import of a centre's calendar (.ics): real calendars read as their applications show them
(Paris times written out by hand from each file), matching by UID, SEQUENCE and METHOD:CANCEL,
refused files, the command and the admin screen."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from crpv.roles import CONTENT_EDITORS, REFERENTS
from events import ical_import
from events.ical_import import CalendarError, import_calendar, read_calendar
from events.models import Event, Format, Status
from tests.events.conftest import paris

ICS = Path(__file__).parent / "ics"
# The day the files are read on: their events are in the window (30 days ago, two years ahead).
DAY = datetime.date(2026, 12, 1)
IMPORT = f"/{settings.ADMIN_URL}/events/event/import-ics/"


def read(name):
    occurrences, problems = read_calendar((ICS / name).read_bytes(), DAY)
    assert problems == []
    return occurrences


def times(occurrences):
    """Return [(title, start, end, cancelled)] in the order of the file's reading."""
    return [(o.title, o.starts_at, o.ends_at, o.cancelled) for o in occurrences]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(ical_import, "today", lambda: DAY)


# ----------------------------------------------------------------- real-world files


def test_outlook_windows_time_zone_names_give_paris_times():
    found = {o.title: o for o in read("outlook.ics")}
    # « Romance Standard Time » (Paris), in winter.
    assert found["Comité de pilotage"].starts_at == paris(2027, 1, 14, 9, 30)
    assert found["Comité de pilotage"].ends_at == paris(2027, 1, 14, 12, 0)
    # « W. Europe Standard Time » (Berlin, the same hours), in summer, with no VTIMEZONE.
    assert found["Marche exploratoire"].starts_at == paris(2027, 6, 17, 14, 0)
    # « GMT Standard Time » is London: 13 h there is 14 h in Paris.
    assert found["Webinaire GUP"].starts_at == paris(2027, 3, 11, 14, 0)
    assert found["Webinaire GUP"].ends_at == paris(2027, 3, 11, 15, 30)
    # The Teams link of the description is the link to join.
    assert found["Webinaire GUP"].online_url.startswith(
        "https://teams.microsoft.com/l/meetup-join/"
    )
    # An Outlook all-day event: DTEND is the next day, excluded.
    day = found["Journée régionale"]
    assert (day.all_day, day.starts_at, day.ends_at) == (
        True,
        paris(2027, 4, 2, 0, 0),
        paris(2027, 4, 2, 23, 59),
    )
    # The UID folded over two lines is read whole.
    assert found["Comité de pilotage"].key.endswith("10000000A1B2C3D4E5F60718293A4B5C6D7E8F90")


def test_google_floating_times_follow_the_calendar_wide_x_wr_timezone():
    found = read("google.ics")
    assert times(found) == [
        ("Atelier participation", paris(2027, 2, 4, 9, 30), paris(2027, 2, 4, 12, 0), False),
        ("Webinaire en ligne", paris(2027, 2, 5, 9, 30), paris(2027, 2, 5, 12, 0), False),
        # Every Tuesday at 18 h, Paris time, before and after the change to summer time
        # (28 March 2027): four sessions (COUNT=4).
        ("Conseil citoyen", paris(2027, 3, 16, 18, 0), paris(2027, 3, 16, 20, 0), False),
        ("Conseil citoyen", paris(2027, 3, 23, 18, 0), paris(2027, 3, 23, 20, 0), False),
        ("Conseil citoyen", paris(2027, 3, 30, 18, 0), paris(2027, 3, 30, 20, 0), False),
        ("Conseil citoyen", paris(2027, 4, 6, 18, 0), paris(2027, 4, 6, 20, 0), False),
    ]
    # Google's HTML description is kept, cleaned; the summary is its first sentence.
    assert found[0].description.startswith("Atelier sur la participation des habitants.<br>")
    assert 'href="https://example.org/inscription"' in found[0].description
    assert found[0].summary == "Atelier sur la participation des habitants."
    assert found[1].location == "https://meet.google.com/abc-defg-hij"


def test_thunderbird_exdate_moved_and_cancelled_occurrences_and_until_as_a_date():
    found = read("thunderbird.ics")
    assert times(found) == [
        ("Cycle de qualification", paris(2027, 3, 1, 10, 0), paris(2027, 3, 1, 12, 0), False),
        ("Cycle de qualification", paris(2027, 3, 8, 10, 0), paris(2027, 3, 8, 12, 0), False),
        # 15 March is excluded (EXDATE); 22 March moved to Wednesday 24 at 14 h.
        (
            "Cycle de qualification (séance déplacée)",
            paris(2027, 3, 24, 14, 0),
            paris(2027, 3, 24, 16, 0),
            False,
        ),
        # 29 March cancelled (after the change to summer time: still 10 h in Paris).
        ("Cycle de qualification", paris(2027, 3, 29, 10, 0), paris(2027, 3, 29, 12, 0), True),
        # UNTIL=20270405 includes 5 April (recurring-ical-events alone drops it).
        ("Cycle de qualification", paris(2027, 4, 5, 10, 0), paris(2027, 4, 5, 12, 0), False),
    ]
    # The moved session keeps the key of the one it replaces, and its own line.
    assert found[2].key == "5f1c0e2a-7b3d-4c8e-9a6f-1d2e3f4a5b6c#20270322T090000Z"
    assert found[2].line == 34


def test_apple_monthly_series_with_until_date_exdate_and_moved_occurrence():
    found = read("apple.ics")
    assert times(found) == [
        ("Permanence", paris(2027, 1, 8, 10, 0), paris(2027, 1, 8, 11, 30), False),
        # 12 February excluded; 12 March moved to the afternoon.
        ("Permanence (après-midi)", paris(2027, 3, 12, 13, 30), paris(2027, 3, 12, 15, 0), False),
        # The last one, on the UNTIL date, in summer time.
        ("Permanence", paris(2027, 4, 9, 10, 0), paris(2027, 4, 9, 11, 30), False),
        # All day from 19 to 21 May (DTEND 22 May is excluded).
        ("Université d’été", paris(2027, 5, 19, 0, 0), paris(2027, 5, 21, 23, 59), False),
    ]
    assert found[3].all_day


def test_line_folded_inside_an_accented_character_and_a_bom():
    data = (ICS / "folded-bom.ics").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\xc3\r\n \xa9" in data
    (found,) = read("folded-bom.ics")
    assert "les délégués du préfet" in found.description
    assert found.title.startswith("Séminaire régional « Égalité")
    assert found.starts_at == paris(2027, 5, 20, 9, 30)


def test_two_calendars_in_one_file_floating_times_are_paris_times():
    assert times(read("two-calendars.ics")) == [
        ("Premier calendrier", paris(2027, 6, 10, 10, 0), paris(2027, 6, 10, 11, 30), False),
        ("Second calendrier", paris(2027, 6, 11, 10, 0), paris(2027, 6, 11, 11, 30), False),
    ]


def test_duration_all_day_and_missing_end():
    found = {o.title: (o.starts_at, o.ends_at, o.all_day) for o in read("durations.ics")}
    assert found == {
        "Avec une durée": (paris(2027, 3, 5, 14, 0), paris(2027, 3, 5, 15, 30), False),
        "Deux jours": (paris(2027, 3, 1, 0, 0), paris(2027, 3, 2, 23, 59), True),
        # No DTEND with a time: it ends when it starts (RFC 5545, 3.6.1).
        "Sans fin": (paris(2027, 3, 6, 14, 0), paris(2027, 3, 6, 14, 0), False),
        # No DTEND with a date: one day.
        "Un jour sans fin": (paris(2027, 3, 7, 0, 0), paris(2027, 3, 7, 23, 59), True),
        "Trois jours par la durée": (paris(2027, 3, 10, 0, 0), paris(2027, 3, 12, 23, 59), True),
    }


def test_method_cancel_cancels_what_the_file_names():
    (found,) = read("cancel.ics")
    assert (found.key, found.cancelled, found.sequence) == ("rencontre-2027@example.org", True, 2)


def ics(*vevents, method=""):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//FR"]
    if method:
        lines.append(f"METHOD:{method}")
    for vevent in vevents:
        lines += ["BEGIN:VEVENT", *vevent, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def test_rules_more_frequent_than_daily_are_refused_with_their_line():
    data = ics(
        ["UID:ok", "SUMMARY:Bien", "DTSTART:20270301T100000"],
        ["UID:vite", "SUMMARY:Vite", "DTSTART:20270301T100000", "RRULE:FREQ=MINUTELY"],
    )
    occurrences, problems = read_calendar(data, DAY)
    assert [o.key for o in occurrences] == ["ok"]
    assert [(p.line, p.key) for p in problems] == [(9, "vite")]
    assert "fréquente" in problems[0].message


def test_a_rule_that_never_happens_gives_only_its_start():
    # recurring-ical-events alone runs to the year 9999 looking for the 3 occurrences.
    data = ics(
        [
            "UID:jamais",
            "SUMMARY:Jamais",
            "DTSTART;TZID=Europe/Paris:20270301T100000",
            "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
        ]
    )
    occurrences, problems = read_calendar(data, DAY)
    assert problems == []
    assert [o.starts_at for o in occurrences] == [paris(2027, 3, 1, 10, 0)]


def test_events_outside_the_window_are_left_out():
    data = ics(
        ["UID:vieux", "SUMMARY:Vieux", "DTSTART:20200301T100000"],
        ["UID:loin", "SUMMARY:Loin", "DTSTART:20300301T100000"],
        ["UID:hebdo", "SUMMARY:Hebdo", "DTSTART:20261102T100000", "RRULE:FREQ=WEEKLY"],
    )
    occurrences, _problems = read_calendar(data, DAY)
    assert {o.title for o in occurrences} == {"Hebdo"}
    # Every Monday from 2 November 2026 (within 30 days) to 1 December 2028.
    assert occurrences[0].starts_at == paris(2026, 11, 2, 10, 0)
    assert occurrences[-1].starts_at == paris(2028, 11, 27, 10, 0)
    assert len(occurrences) == 109


# ----------------------------------------------------------------- broken files


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("cut-off.ics", 10, "incomplet"),
        ("not-a-calendar.ics", 1, "n’est pas un calendrier iCalendar"),
    ],
)
def test_broken_files_are_refused_with_their_line(name, line, words):
    with pytest.raises(CalendarError) as raised:
        read_calendar((ICS / name).read_bytes(), DAY)
    assert raised.value.line == line
    assert words in str(raised.value)
    assert str(raised.value).startswith(f"Ligne {line}\u00a0:")


def test_too_big_a_file_is_refused_before_reading():
    with pytest.raises(CalendarError, match="5\u00a0Mo"):
        read_calendar(b"BEGIN:VCALENDAR\r\n" + b"X" * ical_import.MAX_FILE_SIZE, DAY)


def test_too_many_occurrences_are_refused(monkeypatch):
    monkeypatch.setattr(ical_import, "MAX_OCCURRENCES", 10)
    data = ics(
        ["UID:tous", "SUMMARY:Tous les jours", "DTSTART:20261202T100000", "RRULE:FREQ=DAILY"]
    )
    with pytest.raises(CalendarError, match="Plus de 10 événements"):
        read_calendar(data, DAY)


def test_nesting_and_mismatched_ends_are_refused_with_their_line():
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    with pytest.raises(CalendarError) as raised:
        read_calendar(data, DAY)
    assert raised.value.line == 3


# ----------------------------------------------------------------- importing


@pytest.mark.django_db
def test_import_creates_unpublished_drafts_of_the_centre(centre):
    plan = import_calendar((ICS / "outlook.ics").read_bytes(), centre)
    assert plan.ok and plan.count("new") == 4
    events = {e.title: e for e in Event.objects.all()}
    assert set(events) == {
        "Comité de pilotage",
        "Marche exploratoire",
        "Webinaire GUP",
        "Journée régionale",
    }
    assert not any(e.is_published for e in events.values())
    assert {e.event_type.slug for e in events.values()} == {"rencontre"}
    assert all(list(e.centres.all()) == [centre] for e in events.values())
    committee = events["Comité de pilotage"]
    assert (committee.venue, committee.street_address, committee.postcode, committee.city) == (
        "Maison des projets",
        "10 rue de la République",
        "69001",
        "Lyon",
    )
    assert committee.commune is not None
    assert committee.summary == "Ordre du jour\u00a0: bilan des contrats de ville."
    assert committee.description.startswith("<p>Ordre du jour")
    assert committee.slug == "comite-de-pilotage-2027-01-14"
    webinar = events["Webinaire GUP"]
    assert webinar.format == Format.ONLINE and "teams.microsoft.com" in webinar.online_url
    assert events["Marche exploratoire"].city == "Villeurbanne"
    assert committee.history.count() == 1


@pytest.mark.django_db
def test_importing_again_updates_rather_than_duplicates(centre):
    data = (ICS / "thunderbird.ics").read_bytes()
    first = import_calendar(data, centre)
    # Four sessions; the cancelled one was never imported: nothing to cancel.
    assert (first.count("new"), first.count("ignored")) == (4, 1)
    again = import_calendar(data, centre)
    assert (again.count("new"), again.count("unchanged"), again.count("ignored")) == (0, 4, 1)
    assert Event.objects.count() == 4


@pytest.mark.django_db
def test_a_higher_sequence_updates_the_event_and_a_lower_one_is_ignored(centre):
    import_calendar((ICS / "sequence-0.ics").read_bytes(), centre)
    event = Event.objects.get()
    event.is_published = True
    event.save()
    plan = import_calendar((ICS / "sequence-1.ics").read_bytes(), centre)
    assert plan.count("updated") == 1
    updated = Event.objects.get()
    assert updated.pk == event.pk and updated.slug == event.slug and updated.is_published
    assert (updated.starts_at, updated.ends_at) == (
        paris(2027, 4, 16, 14, 0),
        paris(2027, 4, 16, 17, 0),
    )
    assert updated.ical_sequence == 1
    older = import_calendar((ICS / "sequence-0.ics").read_bytes(), centre)
    assert older.count("ignored") == 1
    assert Event.objects.get().starts_at == paris(2027, 4, 16, 14, 0)


@pytest.mark.django_db
def test_method_cancel_marks_the_event_cancelled_and_keeps_it(centre):
    import_calendar((ICS / "sequence-0.ics").read_bytes(), centre)
    plan = import_calendar((ICS / "cancel.ics").read_bytes(), centre)
    assert plan.count("cancelled") == 1
    event = Event.objects.get()
    assert event.status == Status.CANCELLED and event.status_reason
    assert event.title == "Rencontre régionale"


@pytest.mark.django_db
def test_a_cancelled_repeated_event_cancels_every_imported_session(centre):
    import_calendar((ICS / "thunderbird.ics").read_bytes(), centre)
    data = ics(["UID:5f1c0e2a-7b3d-4c8e-9a6f-1d2e3f4a5b6c", "SEQUENCE:3", "STATUS:CANCELLED"])
    plan = import_calendar(data, centre)
    assert plan.count("cancelled") == 4
    assert set(Event.objects.values_list("status", flat=True)) == {Status.CANCELLED}


@pytest.mark.django_db
def test_a_file_with_an_error_saves_nothing_and_names_the_line(centre):
    plan = import_calendar((ICS / "february-30.ics").read_bytes(), centre)
    assert not plan.ok
    (error,) = plan.errors
    assert error.line == 11 and "20270230T093000" in error.errors[0]
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_events_failing_the_model_checks_are_errors_with_their_line(centre):
    data = ics(
        ["UID:loin", "SUMMARY:Ailleurs", "DTSTART:20270301T100000", "LOCATION:75001 Lyon"],
        ["UID:ok", "SUMMARY:Bien", "DTSTART:20270301T100000", "LOCATION:69001 Lyon"],
        [
            "UID:envers",
            "SUMMARY:À l’envers",
            "DTSTART:20270301T100000",
            "DTEND:20270301T090000",
            "LOCATION:69001 Lyon",
        ],
        ["UID:sans-titre", "DTSTART:20270302T100000"],
    )
    plan = import_calendar(data, centre)
    assert [(row.line, row.key) for row in plan.errors] == [
        (4, "loin"),
        (16, "envers"),
        (23, "sans-titre"),
    ]
    # The centre has no address to fall back on: Event.clean() wants a commune.
    assert plan.errors[0].errors == ["Commune\u00a0: Indiquez la commune où a lieu l’événement."]
    assert "La fin (DTEND) précède le début (DTSTART)." in plan.errors[1].errors[0]
    assert "sans titre" in plan.errors[2].errors[0]
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_a_place_without_a_known_commune_takes_the_centres_and_says_so(make_centre):
    centre = make_centre(city="Lyon", postcode="69003")
    data = ics(["UID:salle", "SUMMARY:Réunion", "DTSTART:20270301T100000", "LOCATION:Salle B"])
    plan = import_calendar(data, centre)
    assert plan.ok and "Salle B" in plan.rows[0].notes[0]
    event = Event.objects.get()
    assert (event.venue, event.city, event.postcode) == ("Salle B", "Lyon", "69003")


@pytest.mark.django_db
def test_another_centres_event_is_not_changed(centre, make_centre):
    other = make_centre(name="Centre voisin", slug="centre-voisin")
    import_calendar((ICS / "sequence-0.ics").read_bytes(), other)
    plan = import_calendar((ICS / "sequence-1.ics").read_bytes(), centre)
    assert not plan.ok and "Centre voisin" in plan.errors[0].errors[0]
    assert Event.objects.get().starts_at == paris(2027, 4, 15, 9, 30)


# ----------------------------------------------------------------- the command


@pytest.mark.django_db
def test_command_imports_and_reports_each_event(centre):
    out = io.StringIO()
    call_command("import_events", str(ICS / "google.ics"), centre="labo-cites", stdout=out)
    text = out.getvalue()
    assert "ligne 33\tnouveau\t16/03/2027 18:00\tConseil citoyen" in text
    assert "6 nouveaux, 0 modifié, 0 inchangé, 0 annulé, 0 ignoré" in text
    assert Event.objects.count() == 6


@pytest.mark.django_db
def test_command_dry_run_saves_nothing(centre):
    out = io.StringIO()
    call_command(
        "import_events", str(ICS / "outlook.ics"), centre="labo-cites", dry_run=True, stdout=out
    )
    assert "Essai, rien n’est enregistré\u00a0: 4 nouveaux" in out.getvalue()
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_command_refuses_a_broken_file_with_its_line(centre):
    with pytest.raises(
        CommandError, match="cut-off.ics\u00a0: Ligne 10\u00a0: Le fichier est incomplet"
    ):
        call_command("import_events", str(ICS / "cut-off.ics"), centre="labo-cites")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 événement\\(s\\) en erreur"):
        call_command("import_events", str(ICS / "february-30.ics"), centre="labo-cites", stderr=err)
    assert "ligne 11\terreur" in err.getvalue()
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_command_needs_a_known_centre(centre):
    with pytest.raises(CommandError, match="--centre"):
        call_command("import_events", str(ICS / "outlook.ics"))
    with pytest.raises(CommandError, match="inconnu|Aucun centre"):
        call_command("import_events", str(ICS / "outlook.ics"), centre="nulle-part")


# ----------------------------------------------------------------- the admin screen


def upload(name):
    return SimpleUploadedFile(name, (ICS / name).read_bytes(), content_type="text/calendar")


@pytest.fixture
def other_centre(make_centre):
    return make_centre(name="Centre voisin", slug="centre-voisin", departements=("75",))


@pytest.mark.django_db
def test_referent_previews_then_imports_for_their_centre(client, make_staff, centre, other_centre):
    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    client.force_login(referent)
    listing = client.get(f"/{settings.ADMIN_URL}/events/event/")
    assert "Importer un calendrier (.ics)" in listing.content.decode()
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert page.context["form"].fields["centre"].queryset.get() == centre
    preview = client.post(IMPORT, {"centre": centre.pk, "calendar_file": upload("outlook.ics")})
    html = preview.content.decode()
    assert "4 nouveaux" in html and "Confirmer l’import" in html
    assert Event.objects.count() == 0
    token = preview.context["confirm_form"].initial["token"]
    done = client.post(IMPORT, {"token": token})
    assert done.status_code == 302
    assert Event.objects.filter(centres=centre, is_published=False).count() == 4
    # Imported events are theirs to edit.
    event = Event.objects.first()
    assert client.get(f"/{settings.ADMIN_URL}/events/event/{event.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_referent_cannot_import_for_another_centre(client, make_staff, centre, other_centre):
    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    client.force_login(referent)
    response = client.post(
        IMPORT, {"centre": other_centre.pk, "calendar_file": upload("outlook.ics")}
    )
    assert response.status_code == 200
    assert "centre" in response.context["form"].errors
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_referent_cannot_confirm_for_another_centre_with_a_forged_token(
    client, make_staff, centre, other_centre
):
    from django.core import signing

    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    client.force_login(referent)
    preview = client.post(IMPORT, {"centre": centre.pk, "calendar_file": upload("outlook.ics")})
    data = signing.loads(
        preview.context["confirm_form"].initial["token"], salt="events.ical_import"
    )
    forged = signing.dumps({**data, "centre": other_centre.pk}, salt="events.ical_import")
    response = client.post(IMPORT, {"token": forged})
    assert response.status_code == 302 and Event.objects.count() == 0


@pytest.mark.django_db
def test_staff_imports_for_any_centre(client, make_staff, centre, other_centre):
    editor = make_staff(CONTENT_EDITORS)
    client.force_login(editor)
    page = client.get(IMPORT)
    assert set(page.context["form"].fields["centre"].queryset) == {centre, other_centre}
    preview = client.post(
        IMPORT, {"centre": other_centre.pk, "calendar_file": upload("thunderbird.ics")}
    )
    client.post(IMPORT, {"token": preview.context["confirm_form"].initial["token"]})
    assert Event.objects.filter(centres=other_centre).count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("cut-off.ics", "Ligne 10\u00a0: Le fichier est incomplet"),
        ("not-a-calendar.ics", "Ligne 1\u00a0: Ce fichier n’est pas un calendrier"),
    ],
)
def test_a_bad_file_gives_a_french_message_not_an_error_page(
    client, staff_user, centre, name, words
):
    client.force_login(staff_user)
    response = client.post(IMPORT, {"centre": centre.pk, "calendar_file": upload(name)})
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors["calendar_file"])
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_an_event_in_error_is_listed_with_its_line_and_nothing_can_be_confirmed(
    client, staff_user, centre
):
    client.force_login(staff_user)
    response = client.post(
        IMPORT, {"centre": centre.pk, "calendar_file": upload("february-30.ics")}
    )
    html = response.content.decode()
    assert "1 en erreur" in html and "20270230T093000" in html
    assert "confirm_form" not in response.context
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_a_user_without_the_right_cannot_open_the_screen(client, make_staff, centre):
    stranger = make_staff(REFERENTS, username="sans-centre")  # a référent of no centre
    client.force_login(stranger)
    assert client.get(IMPORT).status_code == 403


@pytest.mark.parametrize(
    "line",
    [
        "PAS DE DEUX-POINTS",
        'DTSTART;TZID="Europe/Paris:20270301T100000',
        "DT START:20270301T100000",
    ],
)
def test_an_unreadable_content_line_is_named(line):
    data = ics(["UID:x", "SUMMARY:X", line])
    try:
        occurrences, problems = read_calendar(data, DAY)
    except CalendarError as error:  # the file as a whole
        assert error.line == 7
    else:  # or the event (icalendar kept the rest of it)
        assert occurrences == [] and [p.line for p in problems] == [4]


@pytest.mark.parametrize(
    "rule",
    [
        "RRULE:FREQ=DAILY;INTERVAL=3;BYMONTH=2;BYMONTHDAY=29",
        "RRULE:FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6",
        "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=40",
    ],
)
def test_rules_that_could_run_for_ever_are_refused(rule):
    data = ics(["UID:boucle", "SUMMARY:Boucle", "DTSTART:20270301T100000", rule])
    occurrences, problems = read_calendar(data, DAY)
    assert occurrences == [] and "trop complexe" in problems[0].message


@pytest.mark.django_db
def test_the_calendar_import_extends_the_spreadsheet_import_page(client, make_staff, centre):
    client.force_login(make_staff(REFERENTS, username="referente", centres=[centre]))
    page = client.get(IMPORT)
    names = [template.name for template in page.templates]
    assert "admin/events/import_ics.html" in names
    assert "admin/spreadsheets/import.html" in names
    html = page.content.decode()
    assert "Choisir le calendrier" in html and "Vérifier le calendrier" in html
    assert "Aperçu de" not in html
    preview = client.post(IMPORT, {"centre": centre.pk, "calendar_file": upload("outlook.ics")})
    html = preview.content.decode()
    assert "Choisir un autre fichier" in html
    assert f"outlook.ics&nbsp;» pour {centre.name}" in html
    assert "<caption>Événements du calendrier</caption>" in html
    assert '<th scope="col">Début (heure de Paris)</th>' in html
