"""Reading calendars (.ics) for the agenda's import: large and hostile files, time and memory.

    .venv/bin/python benchmarks/ical_import.py

For each file, prints the outcome of ``events.ical_import.read_calendar``, its CPU time, the
peak of the memory it allocated (tracemalloc, a second run), and the ratio of its time to the
baseline measured in the same run: icalendar alone parsing a calendar of the same size (what
any import costs at least). No database: the plan's queries are not measured.
"""

import datetime
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv.settings")

import django  # noqa: E402

django.setup()

import icalendar  # noqa: E402

from events.ical_import import MAX_FILE_SIZE, CalendarError, read_calendar  # noqa: E402

DAY = datetime.date(2026, 12, 1)


def calendar(vevents):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bench//FR"]
    for vevent in vevents:
        lines += ["BEGIN:VEVENT", *vevent, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def meetings(count, year):
    text = "DESCRIPTION:" + "Ordre du jour de la réunion, avec des accents éàè. " * 3
    return calendar(
        [
            f"UID:reunion-{i}@example.org",
            f"SUMMARY:Réunion {i}",
            f"DTSTART;TZID=Europe/Paris:{year}{1 + i % 12:02d}{1 + i % 28:02d}T100000",
            f"DTEND;TZID=Europe/Paris:{year}{1 + i % 12:02d}{1 + i % 28:02d}T113000",
            text,
            "LOCATION:69001 Lyon",
        ]
        for i in range(count)
    )


def cases():
    yield "14,000 past meetings (about 5 MB)", meetings(14_000, 2020)
    yield "4,900 upcoming meetings", meetings(4_900, 2027)
    yield (
        "2,000 weekly series with no end",
        calendar(
            [f"UID:s{i}", "SUMMARY:Hebdo", "DTSTART:20261207T100000", "RRULE:FREQ=WEEKLY"]
            for i in range(2_000)
        ),
    )
    yield (
        "1,000 rules that never happen, with COUNT",
        calendar(
            [
                f"UID:n{i}",
                "SUMMARY:Jamais",
                "DTSTART:20270301T100000",
                "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
            ]
            for i in range(1_000)
        ),
    )
    yield (
        "daily series from 1970",
        calendar(
            [
                f"UID:v{i}",
                "SUMMARY:Ancien",
                "DTSTART:19700101T100000",
                "RRULE:FREQ=DAILY;INTERVAL=400",
            ]
            for i in range(200)
        ),
    )
    yield (
        "one line of 5 MB",
        b"BEGIN:VCALENDAR\r\nX-A:" + b"a" * (MAX_FILE_SIZE - 40) + (b"\r\nEND:VCALENDAR\r\n"),
    )
    yield "deep nesting", b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 100_000


def measure(function):
    start = time.process_time()
    try:
        outcome = function()
    except (CalendarError, ValueError) as error:
        outcome = f"refused: {str(error)[:60]}"
    cpu = time.process_time() - start
    tracemalloc.start()
    try:
        function()
    except (CalendarError, ValueError):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, cpu, peak


def main():
    for name, data in cases():
        baseline = measure(lambda data=data: icalendar.Calendar.from_ical(data, multiple=True))
        outcome, cpu, peak = measure(lambda data=data: read_calendar(data, DAY))
        if isinstance(outcome, tuple):
            outcome = f"{len(outcome[0])} occurrences, {len(outcome[1])} problems"
        ratio = cpu / baseline[1] if baseline[1] else float("nan")
        print(
            f"{name:45} {len(data) / 1e6:5.1f} MB  {cpu:6.2f} s CPU  {peak / 1e6:6.1f} MB  "
            f"×{ratio:4.1f} icalendar alone  {outcome}"
        )


if __name__ == "__main__":
    main()
