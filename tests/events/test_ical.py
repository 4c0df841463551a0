"""The iCalendar files: the feed with the list's filters, parsed back with ``icalendar``."""

import datetime
import zoneinfo

import icalendar
import pytest

from centres.models import Theme
from events.models import EventType
from tests.events.conftest import paris

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


def test_feed_is_valid_icalendar_with_everything_a_calendar_needs(client, event, centre):
    centre.email = "contact@labo-cites.org"
    centre.save()
    calendar = parse(client.get("/agenda/agenda.ics"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//Réseau des centres de ressources")
    zone = calendar.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Europe/Paris"
    [item] = vevents(calendar)
    assert item["UID"] == f"event-{event.pk}@testserver"
    assert item["SEQUENCE"] == 0
    assert item["SUMMARY"] == "Rencontre régionale des chefs de projet"
    assert item.decoded("DTSTART") == datetime.datetime(2030, 12, 5, 9, 30, tzinfo=PARIS)
    assert item["DTSTART"].params["TZID"] == "Europe/Paris"
    assert item.decoded("DTEND") == datetime.datetime(2030, 12, 5, 12, 0, tzinfo=PARIS)
    assert item["URL"] == "http://testserver/agenda/rencontre-chefs-de-projet/"
    assert item["LOCATION"] == "Maison des projets, 10 rue de la République, 69003 Lyon"
    assert item["ORGANIZER"] == "mailto:contact@labo-cites.org"
    assert item["ORGANIZER"].params["CN"] == "Labo Cités"
    assert item["STATUS"] == "CONFIRMED"
    description = str(item["DESCRIPTION"])
    assert "Organisé par Labo Cités" in description
    assert "Inscription\u00a0: https://example.org/inscription" in description
    assert "http://testserver/agenda/rencontre-chefs-de-projet/" in description


def test_vtimezone_gives_the_right_offsets_summer_and_winter():
    from events.ical import paris_timezone

    zone = paris_timezone().to_tz()
    assert datetime.datetime(2031, 7, 1, 12, tzinfo=zone).utcoffset() == datetime.timedelta(hours=2)
    assert datetime.datetime(2031, 1, 1, 12, tzinfo=zone).utcoffset() == datetime.timedelta(hours=1)


def test_an_edit_raises_the_sequence_and_keeps_the_uid(client, event):
    event.title = "Nouveau titre"
    event.save()
    [item] = vevents(parse(client.get("/agenda/agenda.ics")))
    assert item["UID"] == f"event-{event.pk}@testserver"
    assert item["SEQUENCE"] == 1


def test_cancelled_event_stays_in_the_feed_as_cancelled(client, event):
    event.status, event.status_reason = "annule", "Grève"
    event.save()
    [item] = vevents(parse(client.get("/agenda/agenda.ics")))
    assert item["STATUS"] == "CANCELLED"
    assert str(item["SUMMARY"]).startswith("Annulé\u00a0: ")
    assert "Annulé\u00a0: Grève" in str(item["DESCRIPTION"])


def test_feed_honours_the_lists_filters(client, make_event):
    cohesion = Theme.objects.get(slug="cohesion-sociale")
    make_event(title="Cohésion", themes=[cohesion])
    make_event(
        title="Webinaire",
        event_type=EventType.objects.get(slug="webinaire"),
        format="en-ligne",
        city="",
        postcode="",
        online_url="https://visio.example.org",
    )
    make_event(title="Brouillon", themes=[cohesion], is_published=False)
    summaries = {
        str(item["SUMMARY"])
        for item in vevents(parse(client.get("/agenda/agenda.ics?theme=cohesion-sociale")))
    }
    assert summaries == {"Cohésion"}
    calendar = parse(client.get("/agenda/agenda.ics?type=webinaire"))
    [item] = vevents(calendar)
    assert item["LOCATION"] == "En ligne"
    assert "Webinaire" in str(calendar["X-WR-CALNAME"])


def test_feed_keeps_last_weeks_events_but_not_older_ones(client, make_event):
    from django.utils import timezone

    recent = timezone.localtime() - datetime.timedelta(days=10)
    make_event(title="Récent", starts_at=recent, ends_at=recent + datetime.timedelta(hours=1))
    make_event(title="Ancien", starts_at=paris(2020, 1, 1, 9), ends_at=paris(2020, 1, 1, 10))
    summaries = {str(i["SUMMARY"]) for i in vevents(parse(client.get("/agenda/agenda.ics")))}
    assert summaries == {"Récent"}


def test_all_day_event_is_written_as_dates_with_an_exclusive_end(client, make_event):
    make_event(starts_at=paris(2030, 6, 1, 0), ends_at=paris(2030, 6, 2, 0), all_day=True)
    [item] = vevents(parse(client.get("/agenda/agenda.ics")))
    assert item.decoded("DTSTART") == datetime.date(2030, 6, 1)
    assert item.decoded("DTEND") == datetime.date(2030, 6, 3)


def test_feed_with_an_unreadable_filter_is_a_400(client, event):
    response = client.get("/agenda/agenda.ics?du=2030-02-30")
    assert response.status_code == 400
    assert len(vevents(parse(response))) == 1


def test_add_to_my_calendar_gives_the_event_alone_as_a_file(client, event, make_event):
    make_event(title="Autre")
    response = client.get(f"{event.get_absolute_url()}evenement.ics")
    assert response["Content-Disposition"] == (
        'attachment; filename="rencontre-chefs-de-projet.ics"'
    )
    [item] = vevents(parse(response))
    assert item["UID"] == f"event-{event.pk}@testserver"


def test_each_list_links_its_own_feed_to_subscribe(client, event):
    html = client.get("/agenda/?type=seminaire&format=presentiel").content.decode()
    feed = "http://testserver/agenda/agenda.ics?type=seminaire&amp;format=presentiel"
    assert f'href="{feed}"' in html
    assert (
        'href="webcal://testserver/agenda/agenda.ics?type=seminaire&amp;format=presentiel"' in html
    )
    assert "S’abonner</a>" in html
    assert f'readonly value="{feed}"' in html


def test_feed_holds_the_next_events_up_to_its_limit(client, make_event, monkeypatch):
    from events import views

    monkeypatch.setattr(views, "FEED_MAX_EVENTS", 2)
    for n in range(3):
        make_event(
            title=f"Séance {n}",
            starts_at=paris(2030, 1, n + 1, 9),
            ends_at=paris(2030, 1, n + 1, 10),
        )
    summaries = [str(i["SUMMARY"]) for i in vevents(parse(client.get("/agenda/agenda.ics")))]
    assert summaries == ["Séance 0", "Séance 1"]
