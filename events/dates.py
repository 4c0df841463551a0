"""Dates and times written the French way: « jeudi 4 décembre 2026, de 9 h 30 à 12 h ».

Written here rather than with Django's date filter so that the wording (« 1er », « 9 h 30 »,
non-breaking spaces, one year when both days share it) is fixed in one place and tested. Every
datetime is shown in the current time zone (Europe/Paris).
"""

import datetime

from django.utils import timezone

NBSP = "\u00a0"
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def day_number(day: datetime.date) -> str:
    """Return the day of the month as written in French: « 1er », « 2 »…"""
    return "1er" if day.day == 1 else str(day.day)


def long_date(day: datetime.date, year=True) -> str:
    """Return « jeudi 4 décembre 2026 » (without the year when ``year`` is false)."""
    text = f"{DAYS[day.weekday()]} {day_number(day)} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def month_label(day: datetime.date) -> str:
    """Return « décembre 2026 »."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def time_label(moment: datetime.datetime) -> str:
    """Return « 9 h 30 » or « 12 h », with non-breaking spaces."""
    if moment.minute:
        return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"
    return f"{moment.hour}{NBSP}h"


def when(starts_at: datetime.datetime, ends_at: datetime.datetime, all_day=False) -> str:
    """Return when an event takes place, in French, from its aware start and end.

    « jeudi 4 décembre 2026, de 9 h 30 à 12 h »; « jeudi 4 décembre 2026 » (all day);
    « du jeudi 4 au vendredi 5 décembre 2026 » (all day, several days); « du jeudi 4 décembre
    2026 à 9 h au vendredi 5 décembre 2026 à 17 h ».
    """
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    first, last = start.date(), end.date()
    if first == last:
        if all_day:
            return long_date(first)
        if start == end:
            return f"{long_date(first)}, à {time_label(start)}"
        return f"{long_date(first)}, de {time_label(start)} à {time_label(end)}"
    if all_day:
        if (first.year, first.month) == (last.year, last.month):
            return f"du {DAYS[first.weekday()]} {day_number(first)} au {long_date(last)}"
        return f"du {long_date(first, year=first.year != last.year)} au {long_date(last)}"
    return f"du {long_date(first)} à {time_label(start)} au {long_date(last)} à {time_label(end)}"
