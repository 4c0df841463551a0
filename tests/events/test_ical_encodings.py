"""Calendar files as old or odd applications write them: the encoding of the bytes (UTF-16
refused with a message, Windows-1252 read as such) and a zone name nobody knows (its times
are the agenda's, Paris)."""

import datetime

import pytest

from events import ical_import
from events.ical_import import CalendarError, read_calendar
from tests.events.conftest import paris

DAY = datetime.date(2026, 12, 1)


def calendar(*event_lines, header=()):
    """Return the text of one VCALENDAR holding one VEVENT made of ``event_lines``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//FR",
        *header,
        "BEGIN:VEVENT",
        "UID:reunion-1@example.org",
        "DTSTAMP:20261101T080000Z",
        *event_lines,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(ical_import, "today", lambda: DAY)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_is_refused_with_a_message_naming_the_encoding(encoding):
    text = calendar("SUMMARY:Réunion", "DTSTART:20270114T093000Z", "DTEND:20270114T113000Z")
    data = text.encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = "\ufeff".encode(encoding) + data  # the byte order mark Windows writes
    with pytest.raises(CalendarError) as refused:
        read_calendar(data, DAY)
    assert "UTF-16" in str(refused.value)
    assert "UTF-8" in str(refused.value)


def test_a_windows_1252_file_keeps_its_accents():
    text = calendar(
        "SUMMARY:Réunion à Évry : café des élus",
        "LOCATION:Salle Hélène-Boucher",
        "DTSTART:20270114T093000Z",
        "DTEND:20270114T113000Z",
    )
    occurrences, problems = read_calendar(text.encode("cp1252"), DAY)
    assert problems == []
    (occurrence,) = occurrences
    assert occurrence.title == "Réunion à Évry : café des élus"
    assert occurrence.location == "Salle Hélène-Boucher"


def test_floating_times_under_an_unknown_zone_name_are_paris_times():
    text = calendar(
        "SUMMARY:Comité technique",
        "DTSTART:20270114T093000",
        "DTEND:20270114T113000",
        header=("X-WR-TIMEZONE:Mars/Olympus_Mons",),
    )
    occurrences, problems = read_calendar(text.encode(), DAY)
    assert problems == []
    (occurrence,) = occurrences
    assert occurrence.starts_at == paris(2027, 1, 14, 9, 30)
    assert occurrence.ends_at == paris(2027, 1, 14, 11, 30)


def test_floating_times_under_a_known_zone_name_are_that_zones_times():
    # The contrast to the test above: a zone that exists is used (London, one hour behind).
    text = calendar(
        "SUMMARY:Webinaire",
        "DTSTART:20270114T093000",
        "DTEND:20270114T103000",
        header=("X-WR-TIMEZONE:Europe/London",),
    )
    (occurrence,), _ = read_calendar(text.encode(), DAY)
    assert occurrence.starts_at == paris(2027, 1, 14, 10, 30)
