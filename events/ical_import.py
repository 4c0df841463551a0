"""Import of a centre's calendar: an iCalendar file (RFC 5545) becomes events of the agenda.

Three steps, so that the command and the admin show the same preview and save the same way:
``read_calendar`` (no database; parsed with ``icalendar``, expanded with
``recurring-ical-events``), ``plan_import`` (reads the database only) and ``apply_plan``.

What the libraries get wrong, and what this module does about it:

- A UTF-8 BOM, or a line folded in the middle of an accented character (RFC 5545 folds at
  75 octets, not characters: Outlook and Google cut UTF-8 sequences): icalendar refuses the
  first in text and garbles the second once decoded; here the lines are unfolded as bytes, then
  decoded (``_logical_lines``).
- A cut-off file (no ``END:VCALENDAR``), a line that is not a content line, or a file that is
  not an iCalendar at all: icalendar accepts the first silently and says neither where nor why
  for the others; here the structure is checked line by line, with the line in the message.
- A date that does not exist (30 February): icalendar keeps it as a "broken" property without a
  word, and recurring-ical-events then fails for the whole calendar; here it is the error of its
  VEVENT, with its line.
- ``UNTIL`` given as a date for a repeated event whose start has a time (Thunderbird, Apple):
  recurring-ical-events reads it as midnight and drops the last day's occurrence; here it is the
  end of that day, as the calendars that wrote it show it.
- Times without a zone in a calendar without ``X-WR-TIMEZONE`` (the second of two calendars in
  one file, a zone name nobody knows): the libraries leave them "floating"; here they are Paris
  times, the agenda's.
- ``METHOD:CANCEL``: the libraries ignore the calendar's method and return the events as if
  they were confirmed; here every event of such a calendar is cancelled.
- Two versions of one event (same UID and RECURRENCE-ID, e.g. in two calendars of one file):
  the highest ``SEQUENCE`` wins (the later one when equal).
- An end (DTEND) before the start: recurring-ical-events swaps them silently; here it is an
  error of the VEVENT.
- Hostile repetition rules: dateutil compares UNTIL only with the occurrences it finds, so a
  rule that never happens (``BYMONTH=2;BYMONTHDAY=30``) runs day after day to the year 9999
  (11 s for one event). Here the window's days are tried against a rule's filters first and a
  rule none passes is dropped (``_rule_cost``); ``COUNT`` becomes the ``UNTIL`` it gives within
  the window; every rule ends with the window; rules more frequent than daily, BYWEEKNO, a
  far BYSETPOS and an INTERVAL that could step over the allowed days for ever are refused; and
  the CPU time of the whole reading is bounded (``TIME_LIMIT``).

Windows time-zone names (Outlook's « Romance Standard Time »), ``X-WR-TIMEZONE`` (Google),
``EXDATE``, moved and cancelled occurrences, ``DURATION``, all-day events and a missing
``DTEND`` are handled well by icalendar 7 and recurring-ical-events 3: their results are
checked against the calendars' meaning in ``tests/events/test_ical_import.py``.
"""

import dataclasses
import datetime
import html
import itertools
import re
import time
import zoneinfo
from calendar import isleap, monthrange

import dateutil.rrule
import icalendar
import recurring_ical_events
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from crpv.text import without_control_characters
from events.models import Event, EventType, Format, Status, event_history, find_commune, today
from pages.sanitize import clean_html

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_FILE_SIZE_LABEL = "5\u00a0Mo"
# Occurrences in the window: a centre's agenda holds tens a year, a Google export of years of
# meetings a few thousand, mostly past (outside the window).
MAX_OCCURRENCES = 5000
# VEVENT components in the file, past ones included (bounded by the size anyway).
MAX_COMPONENTS = 50_000
# Nesting of BEGIN/END: a calendar holds events that hold alarms; more is hostile.
MAX_DEPTH = 4
WINDOW_PAST = datetime.timedelta(days=30)
WINDOW_FUTURE = datetime.timedelta(days=731)
# Seconds of CPU (this thread's: a loaded server does not refuse a good file) beyond which the
# file is refused: the admin waits for it.
TIME_LIMIT = 15.0
# The type given to imported events (a calendar says nothing of it): staff change it.
DEFAULT_TYPE = "rencontre"
# Repeated events starting earlier are refused: their rules would be expanded from then on.
EARLIEST_SERIES = datetime.date(1970, 1, 1)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
_POSTCODE_CITY = re.compile(r"(?<!\d)(\d{5})\s+([^\d,\n]+?)(?:\s+cedex(?:\s*\d*)?)?\s*$", re.I)
# A content line starts with its name (RFC 5545, 3.1: letters, digits and dashes).
_NAME = re.compile(r"[A-Za-z0-9-]+[;:]")
_URL = re.compile(r"https?://[^\s<>\"']+", re.I)
_HTML = re.compile(r"<(br|p|a|b|i|u|ul|ol|li|strong|em|span|div)\b[^>]*>", re.I)
_VISIO_HOSTS = re.compile(
    r"https?://(?:[\w-]+\.)*(?:teams\.microsoft\.com|teams\.live\.com|zoom\.us|"
    r"meet\.google\.com|webex\.com|whereby\.com|meet\.jit\.si|visio\.[\w.-]+|"
    r"webconf\.[\w.-]+|bbb\.[\w.-]+)[^\s<>\"']*",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
PROPERTY_LABELS = {
    "DTSTART": "la date de début (DTSTART)",
    "DTEND": "la date de fin (DTEND)",
    "DURATION": "la durée (DURATION)",
    "RRULE": "la règle de répétition (RRULE)",
    "EXDATE": "les dates exclues (EXDATE)",
    "RDATE": "les dates ajoutées (RDATE)",
    "RECURRENCE-ID": "l’occurrence remplacée (RECURRENCE-ID)",
    "SEQUENCE": "la révision (SEQUENCE)",
}


class CalendarError(ValueError):
    """The file as a whole cannot be read: ``message`` (French) and ``line`` (1-based, or
    None). ``str()`` gives both."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message, self.line = message, line

    def __str__(self):
        if self.line:
            return _("Ligne %(line)d\u00a0: %(message)s") % {
                "line": self.line,
                "message": self.message,
            }
        return self.message


@dataclasses.dataclass
class Problem:
    """What is wrong with one VEVENT: its first ``line`` in the file, its ``key`` (UID) if
    any, a French ``message``."""

    line: int
    key: str
    message: str


@dataclasses.dataclass
class Occurrence:
    """One event of the file within the window. ``key``: the UID, or ``UID#RECURRENCE-ID``
    (UTC, or a date) for an occurrence of a repeated event; ``series`` when it stands for every
    occurrence of a UID (a cancelled repeated event). Times aware, Europe/Paris; for an
    all-day event, midnight of the first day to 23:59 of the last."""

    key: str
    line: int
    sequence: int = 0
    cancelled: bool = False
    series: bool = False
    title: str = ""
    description: str = ""  # cleaned HTML
    summary: str = ""
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    all_day: bool = False
    location: str = ""
    url: str = ""
    online_url: str = ""


# ----------------------------------------------------------------------------- reading


def _logical_lines(data: bytes):
    """Yield (line number, text) of each content line of ``data``: a BOM dropped, lines
    unfolded as bytes (a fold may cut a UTF-8 sequence), then decoded (UTF-8, else
    Windows-1252, as old Outlook files). The number is that of the line's first physical line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CalendarError(_("Le fichier est en UTF-16\u00a0: enregistrez-le en UTF-8."), 1)
    start, parts = None, []
    for number, raw in enumerate(re.split(rb"\r\n|\n|\r", data), start=1):
        if raw[:1] in (b" ", b"\t") and parts:
            parts.append(raw[1:])
            continue
        if parts:
            yield start, _decode(b"".join(parts))
        start, parts = number, [raw]
    if parts:
        yield start, _decode(b"".join(parts))


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _check_structure(data: bytes):
    """Return (text for icalendar, [line of each VEVENT in order]) after checking that
    ``data`` is one or more well-formed VCALENDAR blocks; raises CalendarError with the line."""
    if len(data) > MAX_FILE_SIZE:
        raise CalendarError(
            _("Le fichier dépasse %(size)s\u00a0: importez une période plus courte.")
            % {"size": MAX_FILE_SIZE_LABEL}
        )
    stack, lines, vevents, last = [], [], [], 0
    for number, line in _logical_lines(data):
        last = number
        if not line.strip():
            continue
        if not stack and line.strip().upper() != "BEGIN:VCALENDAR":
            if not lines:
                raise CalendarError(
                    _(
                        "Ce fichier n’est pas un calendrier iCalendar (.ics)\u00a0: il devrait "
                        "commencer par «\u00a0BEGIN:VCALENDAR\u00a0»."
                    ),
                    number,
                )
            raise CalendarError(_("Texte en dehors d’un calendrier (VCALENDAR)."), number)
        if not _NAME.match(line) or ":" not in line or "\x00" in line:
            raise CalendarError(
                _("Ligne illisible (une ligne iCalendar est «\u00a0NOM:valeur\u00a0»)."), number
            )
        name, _sep, value = line.partition(":")
        name, value = name.strip().upper(), value.strip().upper()
        if name == "BEGIN":
            stack.append(value)
            if len(stack) > MAX_DEPTH:
                raise CalendarError(_("Composants imbriqués trop profondément."), number)
            if value == "VEVENT":
                vevents.append(number)
                if len(vevents) > MAX_COMPONENTS:
                    raise CalendarError(
                        _("Plus de %(count)d événements dans le fichier.")
                        % {"count": MAX_COMPONENTS},
                        number,
                    )
        elif name == "END":
            if not stack or stack[-1] != value:
                expected = stack[-1] if stack else "—"
                raise CalendarError(
                    _("«\u00a0END:%(found)s\u00a0» ferme «\u00a0%(expected)s\u00a0».")
                    % {"found": value, "expected": expected},
                    number,
                )
            stack.pop()
        lines.append(line)
    if not lines:
        raise CalendarError(_("Le fichier est vide."))
    if stack:
        raise CalendarError(
            _(
                "Le fichier est incomplet\u00a0: «\u00a0END:%(name)s\u00a0» manque à la fin "
                "(fichier coupé pendant l’envoi\u00a0?)."
            )
            % {"name": stack[-1]},
            last,
        )
    return "\r\n".join(lines) + "\r\n", vevents


def _unreadable_line(data):
    """Return the CalendarError naming the first line icalendar cannot parse (looked for only
    once the file is refused: it costs as much as reading the file again)."""
    for number, line in _logical_lines(data):
        try:
            if line.strip():
                icalendar.parser.Contentline(line).parts()
        except Exception:  # noqa: BLE001 - as above
            return CalendarError(_("Ligne illisible."), number)
    return CalendarError(_("Le fichier n’a pas pu être lu."))


def read_calendar(data: bytes, day=None):
    """Return (occurrences, problems) of the iCalendar file ``data`` (bytes) for the window
    from 30 days before ``day`` (a date, today in Paris by default) to two years after.

    Raises CalendarError (French message, line) if the file as a whole cannot be read or
    exceeds the limits (``MAX_FILE_SIZE``, ``MAX_OCCURRENCES``, ``TIME_LIMIT``); a VEVENT that
    cannot be read is a Problem, its neighbours are still read."""
    deadline = time.thread_time() + TIME_LIMIT
    text, vevent_lines = _check_structure(data)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as error:  # noqa: BLE001 - whatever icalendar raises, the file is refused
        raise _unreadable_line(data) from error
    day = day or today()
    window = (day - WINDOW_PAST, day + WINDOW_FUTURE)
    components = [c for cal in calendars for c in cal.walk("VEVENT")]
    if len(components) != len(vevent_lines):  # icalendar dropped or added one: no lines
        vevent_lines = [0] * len(components)
    lines = {id(c): line for c, line in zip(components, vevent_lines, strict=True)}

    found, problems = {}, []
    for calendar in calendars:
        header = _Header(calendar)
        for group in _series(calendar, lines, problems):
            if time.thread_time() > deadline:
                raise CalendarError(_("Le fichier est trop long à lire\u00a0: découpez-le."))
            for occurrence in _expand(header, group, window, lines, problems):
                kept = found.get(occurrence.key)
                if kept is None or occurrence.sequence >= kept.sequence:
                    found[occurrence.key] = occurrence
                if len(found) > MAX_OCCURRENCES:
                    raise CalendarError(
                        _(
                            "Plus de %(count)d événements sur la période importée (des 30 "
                            "derniers jours à dans deux ans)\u00a0: découpez le fichier."
                        )
                        % {"count": MAX_OCCURRENCES}
                    )
    return sorted(found.values(), key=lambda o: (o.starts_at or timezone.now(), o.key)), problems


def _series(calendar, lines, problems):
    """Yield the VEVENTs of ``calendar`` grouped by UID (a repeated event and the occurrences
    it replaces), each readable one kept once (highest SEQUENCE); the others are problems."""
    groups, chosen = {}, {}
    for component in calendar.walk("VEVENT"):
        line = lines.get(id(component), 0)
        uid = str(component.get("UID", "")).strip()
        message = _component_problem(component, uid)
        if message:
            problems.append(Problem(line, uid, message))
            continue
        rid = component.get("RECURRENCE-ID")
        identity = (uid, _recurrence_key(rid.dt) if rid is not None else "")
        previous = chosen.get(identity)
        if previous is None or _sequence(component) >= _sequence(previous):
            chosen[identity] = component
    for (uid, _rid), component in chosen.items():
        groups.setdefault(uid, []).append(component)
    yield from groups.values()


def _component_problem(component, uid):
    """Return the French reason why ``component`` (a VEVENT) cannot be read, or ""."""
    for name, error in component.errors:
        if not name:  # a line icalendar could not split
            return _("Ligne illisible dans l’événement (%(error)s).") % {"error": str(error)[:80]}
        raw = str(component.get(name))
        label = PROPERTY_LABELS.get(name, name)
        return _(
            "%(label)s «\u00a0%(value)s\u00a0» est illisible ou n’existe pas "
            "(un 30 février\u00a0?)."
        ) % {"label": label[:1].upper() + label[1:], "value": raw[:60]}
    if not uid:
        return _(
            "Événement sans identifiant (UID)\u00a0: il ne pourrait pas être retrouvé au "
            "prochain import."
        )
    if len(uid) > 200:
        return _("Identifiant (UID) de plus de 200 caractères.")
    try:
        _sequence(component)
    except (TypeError, ValueError):
        return _("La révision (SEQUENCE) n’est pas un nombre.")
    cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
    if "DTSTART" not in component and not cancelled:
        return _("Événement sans date de début (DTSTART).")
    start, end = component.get("DTSTART"), component.get("DTEND")
    if start is not None and end is not None and _paris(end.dt) < _paris(start.dt):
        # recurring-ical-events would swap them without a word.
        return _("La fin (DTEND) précède le début (DTSTART).")
    for rule in _rules(component):
        if str(rule.get("FREQ", [""])[0]).upper() in ("SECONDLY", "MINUTELY", "HOURLY"):
            return _("Répétition plus fréquente que quotidienne (RRULE)\u00a0: refusée.")
        if {"BYHOUR", "BYMINUTE", "BYSECOND"} & set(rule):
            return _("Répétition à plusieurs heures du jour (RRULE)\u00a0: refusée.")
    return ""


def _rules(component):
    rules = component.get("RRULE", [])
    return rules if isinstance(rules, list) else [rules]


def _sequence(component):
    return max(0, int(component.get("SEQUENCE", 0)))


def _recurrence_key(value) -> str:
    """Return a RECURRENCE-ID as text that does not depend on how the file wrote its zone."""
    if not isinstance(value, datetime.datetime):
        return value.strftime("%Y%m%d")
    if value.tzinfo is None:
        value = value.replace(tzinfo=PARIS)
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


class _Header:
    """What every event of one VCALENDAR shares: its properties (X-WR-TIMEZONE…), its
    VTIMEZONEs, the zone of its floating times and whether it cancels (METHOD:CANCEL)."""

    def __init__(self, calendar):
        self.properties = [
            (name, value)
            for name, value in calendar.property_items(recursive=False)
            if name not in ("BEGIN", "END")
        ]
        self.zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
        self.cancel_all = str(calendar.get("METHOD", "")).upper() == "CANCEL"
        name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
        name = WINDOWS_TO_OLSON.get(name, name)
        try:
            self.floating = zoneinfo.ZoneInfo(name) if name else PARIS
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            self.floating = PARIS


def _expand(header, group, window, lines, problems):
    """Yield the Occurrences of one UID's VEVENTs (``group``) within ``window`` (two dates):
    an event that does not repeat directly, a repeated one through recurring-ical-events."""
    cancel_all = header.cancel_all
    master = next((c for c in group if "RECURRENCE-ID" not in c), None)
    uid = str(group[0]["UID"]).strip()
    line = lines.get(id(master if master is not None else group[0]), 0)
    repeated = any(("RRULE" in c or "RDATE" in c or "RECURRENCE-ID" in c) for c in group)
    cancelled_master = master is not None and (
        cancel_all or str(master.get("STATUS", "")).upper() == "CANCELLED"
    )
    if cancelled_master or (master is None and cancel_all):
        # The whole event, or occurrences named by RECURRENCE-ID: no need for their dates.
        if master is not None:
            # Series or not: the file may have become a single event's since the last import.
            yield Occurrence(uid, line, _sequence(master), cancelled=True, series=True)
            return
        for component in group:
            key = f"{uid}#{_recurrence_key(component['RECURRENCE-ID'].dt)}"
            yield Occurrence(key, lines.get(id(component), 0), _sequence(component), True)
        return
    if master is not None:
        message = _bound_rules(master, window)
        if message:
            problems.append(Problem(line, uid, message))
            return
    if not repeated:  # the library costs 2 ms an event, a 5 MB file holds thousands
        start, end = _span(master, header.floating)
        if _day(end) >= window[0] and _day(start) <= window[1]:
            yield _occurrence(master, uid, line, cancel_all, start, end)
        return
    series = icalendar.Calendar()
    for name, value in header.properties:
        series.add(name, value)
    for component in header.zones:
        series.add_component(component)
    for component in group:
        series.add_component(component)
    try:
        found = recurring_ical_events.of(series, keep_recurrence_attributes=True).between(*window)
    except Exception as error:  # noqa: BLE001 - any failure of the library is this event's
        problems.append(
            Problem(line, uid, _("Répétition illisible (%(error)s).") % {"error": error})
        )
        return
    overrides = {
        _recurrence_key(c["RECURRENCE-ID"].dt): lines.get(id(c), line)
        for c in group
        if "RECURRENCE-ID" in c
    }
    for component in found:
        rid = _recurrence_key(component.get("RECURRENCE-ID", component["DTSTART"]).dt)
        yield _occurrence(component, f"{uid}#{rid}", overrides.get(rid, line), cancel_all)


def _bound_rules(master, window):
    """End each RRULE of ``master`` with the window: UNTIL given as a date means the end of
    that day; COUNT becomes the UNTIL it gives (bounded by the window). Returns a French
    reason if the series cannot be read, else ""."""
    start = master.get("DTSTART")
    if start is None or not _rules(master):
        return ""
    start = start.dt
    is_time = isinstance(start, datetime.datetime)
    if (start.date() if is_time else start) < EARLIEST_SERIES:
        return _("Événement répété commençant avant 1970\u00a0: refusé.")
    wall_start = (
        start.replace(tzinfo=None) if is_time else datetime.datetime.combine(start, datetime.time())
    )
    end = datetime.datetime.combine(window[1], datetime.time(23, 59, 59))
    kept = []
    for rule in _rules(master):
        try:
            message, possible = _rule_cost(rule, wall_start, end, window[0])
        except (ValueError, TypeError, KeyError) as error:
            return _("Répétition illisible (%(error)s).") % {"error": error}
        if message:
            return message
        if not possible:  # nothing in the window but DTSTART, which always counts
            continue
        kept.append(rule)
        until = rule.get("UNTIL", [None])[0]
        if until is not None:
            if not isinstance(until, datetime.datetime):
                until = datetime.datetime.combine(until, datetime.time(23, 59, 59))
            elif until.tzinfo is not None:
                zone = start.tzinfo if is_time and start.tzinfo else PARIS
                until = until.astimezone(zone).replace(tzinfo=None)
            until = min(until, end)
        elif "COUNT" in rule:
            try:
                text = rule.to_ical().decode()
                parsed = dateutil.rrule.rrulestr(text, dtstart=wall_start, forceset=False)
                # The first COUNT occurrences before the window's end (_rule_cost made sure
                # that the rule happens again after it, so that dateutil stops).
                count = int(rule["COUNT"][0])
                bounded = parsed.replace(count=None, until=end)
                occurrences = list(itertools.islice(bounded, count))
            except (ValueError, TypeError) as error:
                return _("Répétition illisible (%(error)s).") % {"error": error}
            until = occurrences[-1] if occurrences else wall_start
        else:
            until = end
        rule.pop("COUNT", None)
        rule["UNTIL"] = [_until_value(until, start)]
    del master["RRULE"]
    if kept:
        master["RRULE"] = kept if len(kept) > 1 else kept[0]
    return ""


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _rule_cost(rule, wall_start, end, window_start):
    """Return (French reason to refuse ``rule``, or ""; whether it may happen in the window,
    from ``window_start`` (a date) to ``end``, a naive wall time): the window's days (760 at
    most) tried against the rule's filters, why is in the module's « Hostile repetition rules »."""
    freq = str(rule.get("FREQ", [""])[0]).upper()
    interval = int(rule.get("INTERVAL", [1])[0])
    positions = [int(v) for v in rule.get("BYSETPOS", [])]
    if "BYWEEKNO" in rule or any(not 1 <= abs(v) <= 5 for v in positions):
        return _("Répétition trop complexe (BYWEEKNO, BYSETPOS)\u00a0: refusée."), False
    filters = [name for name in ("BYMONTH", "BYMONTHDAY", "BYYEARDAY") if name in rule]
    if interval > 1 and filters and freq != "YEARLY":
        return _("Répétition trop complexe (INTERVAL avec %(names)s)\u00a0: refusée.") % {
            "names": ", ".join(filters)
        }, False
    months = {int(v) for v in rule.get("BYMONTH", [])}
    monthdays = {int(v) for v in rule.get("BYMONTHDAY", [])}
    yeardays = {int(v) for v in rule.get("BYYEARDAY", [])}
    weekdays = {_WEEKDAYS.index(str(v)[-2:].upper()) for v in rule.get("BYDAY", [])}
    day = max(wall_start.date(), window_start)
    while day <= end.date():
        month_length = monthrange(day.year, day.month)[1]
        year_length = 366 if isleap(day.year) else 365
        yearday = day.timetuple().tm_yday
        if (
            (not months or day.month in months)
            and (not monthdays or {day.day, day.day - month_length - 1} & monthdays)
            and (not yeardays or {yearday, yearday - year_length - 1} & yeardays)
            and (not weekdays or day.weekday() in weekdays)
        ):
            return "", True
        day += datetime.timedelta(days=1)
    return "", False


def _until_value(wall, start):
    """Return ``wall`` (a naive wall time) as an UNTIL of the kind RFC 5545 wants for
    ``start``: a date, a floating time, or UTC."""
    if not isinstance(start, datetime.datetime):
        return wall.date()
    if start.tzinfo is None:
        return wall
    return wall.replace(tzinfo=start.tzinfo).astimezone(datetime.UTC)


def _span(component, floating):
    """Return the start and end of a VEVENT that does not repeat, as RFC 5545 (3.6.1) reads
    them: DTEND, else DTSTART + DURATION, else the start (a time) or one day (a date).
    Times are aware: floating ones are in ``floating`` (the calendar's X-WR-TIMEZONE)."""
    start = component["DTSTART"].dt
    if "DTEND" in component:
        end = component["DTEND"].dt
    elif "DURATION" in component:
        end = start + component["DURATION"].dt
    else:
        end = start if isinstance(start, datetime.datetime) else start + datetime.timedelta(1)
    if not isinstance(start, datetime.datetime):
        return start, end.date() if isinstance(end, datetime.datetime) else end
    if not isinstance(end, datetime.datetime):
        end = datetime.datetime.combine(end, datetime.time())
    return (
        start if start.tzinfo else start.replace(tzinfo=floating),
        end if end.tzinfo else end.replace(tzinfo=floating),
    )


def _day(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(PARIS).date()
    return value


def _occurrence(component, key, line, cancel_all, start=None, end=None):
    """Return the Occurrence of a VEVENT (expanded: its DTSTART and DTEND, or ``start`` and
    ``end`` given)."""
    if start is None:
        start, end = component.get("DTSTART").dt, component.get("DTEND").dt
    all_day = not isinstance(start, datetime.datetime)
    if all_day:
        last = end - datetime.timedelta(days=1) if end > start else start
        starts_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time()), PARIS)
        ends_at = timezone.make_aware(datetime.datetime.combine(last, datetime.time(23, 59)), PARIS)
    else:
        starts_at, ends_at = _paris(start), _paris(end)
    text = _text(component.get("DESCRIPTION"))
    description = _description(text)
    return Occurrence(
        key=key,
        line=line,
        sequence=_sequence(component),
        cancelled=cancel_all or str(component.get("STATUS", "")).upper() == "CANCELLED",
        title=" ".join(_text(component.get("SUMMARY")).split())[:200],
        description=description,
        summary=_summary(description),
        starts_at=starts_at,
        ends_at=ends_at,
        all_day=all_day,
        location=_text(component.get("LOCATION")),
        url=_text(component.get("URL")),
        online_url=_visio_link(component, text),
    )


def _paris(value):
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if value.tzinfo is None:  # floating, or a zone nobody knows: the agenda's
        return timezone.make_aware(value, PARIS)
    return value.astimezone(PARIS)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return without_control_characters(str(value).replace("\r\n", "\n")).strip()


def _description(text: str) -> str:
    """Return the DESCRIPTION as cleaned HTML: Google's HTML as it is, plain text as
    paragraphs (blank lines) and line breaks, its addresses as links."""
    if not text:
        return ""
    if _HTML.search(text):
        return clean_html(text)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        escaped = html.escape(block.strip(), quote=False)
        escaped = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        if escaped:
            paragraphs.append("<p>" + escaped.replace("\n", "<br>") + "</p>")
    return clean_html("".join(paragraphs))


def _summary(description_html: str) -> str:
    """Return the first sentence of the description, in plain text, 300 characters at most."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", description_html)).split())
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(sentence) > 300:
        sentence = sentence[:299].rsplit(" ", 1)[0] + "…"
    return sentence


def _visio_link(component, text):
    conference = _text(component.get("X-GOOGLE-CONFERENCE"))
    if conference.startswith("https://"):
        return conference
    found = _VISIO_HOSTS.search(text)
    return found.group(0).rstrip(".,;)>") if found else ""


# ----------------------------------------------------------------------------- planning

# A row's status → its French name, one and many (« 1 nouveau, 2 modifiés »).
STATUSES = {
    "new": ("nouveau", "nouveaux"),
    "updated": ("modifié", "modifiés"),
    "unchanged": ("inchangé", "inchangés"),
    "cancelled": ("annulé", "annulés"),
    "ignored": ("ignoré", "ignorés"),
    "error": ("erreur", "erreurs"),
}


@dataclasses.dataclass
class Row:
    """One line of the preview: ``status`` is new, updated, unchanged, cancelled, ignored or
    error; ``event`` the Event to save (new or changed), ``notes`` and ``errors`` French."""

    line: int
    key: str
    title: str
    status: str
    starts_at: datetime.datetime | None = None
    event: Event | None = None
    errors: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)
    changes: list = dataclasses.field(default_factory=list)

    @property
    def status_label(self):
        return STATUSES[self.status][0]


@dataclasses.dataclass
class Plan:
    """What importing a file does, row by row; ``ok`` when no row is in error."""

    centre: object
    rows: list

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def errors(self):
        return [row for row in self.rows if row.status == "error"]

    @property
    def ok(self):
        return not self.errors

    @property
    def to_save(self):
        return [row for row in self.rows if row.event is not None]

    @property
    def summary(self):
        """« 3 nouveaux, 1 modifié, 0 inchangé, 1 annulé, 0 ignoré »."""
        return ", ".join(
            f"{n} {names[n > 1]}"
            for status, names in STATUSES.items()
            if (n := self.count(status)) or status != "error"
        )


def plan_import(occurrences, problems, centre, *, lock=False):
    """Return the Plan of importing ``occurrences`` and ``problems`` (``read_calendar``'s)
    for ``centre`` (the organiser of new events). Existing events are those whose
    ``ical_uid`` is an occurrence's key (locked with ``lock``, inside a transaction); one
    organised without ``centre`` is an error (another centre's). Reads the database only."""
    rows = [Row(p.line, p.key, "", "error", errors=[p.message]) for p in problems]
    keys = [o.key for o in occurrences if not o.series]
    existing = Event.objects.filter(ical_uid__in=keys).prefetch_related("centres")
    if lock:
        existing = existing.select_for_update(of=("self",))
    existing = {event.ical_uid: event for event in existing}
    event_type = EventType.objects.filter(slug=DEFAULT_TYPE).first() or EventType.objects.first()
    places, slugs = {}, set()
    for occurrence in occurrences:
        if occurrence.series:
            rows.extend(_cancel_series(occurrence, centre))
            continue
        event = existing.get(occurrence.key)
        rows.append(_plan_row(occurrence, event, centre, event_type, places, slugs))
    rows.sort(key=lambda row: (row.line, row.starts_at or timezone.now()))
    return Plan(centre=centre, rows=rows)


def _other_centre(event, centre):
    if any(c.pk == centre.pk for c in event.centres.all()):
        return ""
    names = ", ".join(c.name for c in event.centres.all()) or "?"
    return _("Déjà importé pour un autre centre (%(names)s)\u00a0: rien n’est changé.") % {
        "names": names
    }


def _cancel_series(occurrence, centre):
    """Rows cancelling every imported occurrence of a cancelled repeated event."""
    found = Event.objects.filter(ical_uid=occurrence.key) | Event.objects.filter(
        ical_uid__startswith=occurrence.key + "#"
    )
    rows = [_cancel_row(occurrence, event, centre) for event in found.prefetch_related("centres")]
    return rows or [Row(occurrence.line, occurrence.key, "", "ignored", notes=[_never_imported()])]


def _cancel_row(occurrence, event, centre):
    row = Row(occurrence.line, event.ical_uid, event.title, "cancelled", event.starts_at)
    problem = _other_centre(event, centre)
    if problem:
        row.status, row.errors = "error", [problem]
    elif event.status == Status.CANCELLED:
        row.status = "unchanged"
    elif (event.ical_sequence or 0) > occurrence.sequence:
        row.status, row.notes = "ignored", [_older(event)]
    else:
        event.status = Status.CANCELLED
        event.status_reason = event.status_reason or _("Annulé dans le calendrier du centre.")
        event.ical_sequence = max(occurrence.sequence, event.ical_sequence or 0)
        row.event, row.changes = event, [("statut", "annulé")]
    return row


def _never_imported():
    return _("Annulé dans le calendrier, jamais importé.")


def _older(event):
    return _("Version plus ancienne que celle déjà importée (révision %(n)d)\u00a0: ignorée.") % {
        "n": event.ical_sequence or 0
    }


def _plan_row(occurrence, event, centre, event_type, places, slugs):
    row = Row(occurrence.line, occurrence.key, occurrence.title, "new", occurrence.starts_at)
    if event is not None:
        problem = _other_centre(event, centre)
        if problem:
            row.status, row.errors = "error", [problem]
            return row
        if (event.ical_sequence or 0) > occurrence.sequence:
            row.status, row.notes = "ignored", [_older(event)]
            return row
        if occurrence.cancelled:
            return _cancel_row(occurrence, event, centre)
    elif occurrence.cancelled:
        row.status, row.notes = "ignored", [_never_imported()]
        return row
    if not occurrence.title:
        row.status, row.errors = "error", [_("Événement sans titre (SUMMARY).")]
        return row
    values = _values(occurrence, centre, places, row.notes)
    if event is None:
        candidate = Event(
            event_type=event_type,
            is_published=False,
            ical_uid=occurrence.key,
            slug=_free_slug(occurrence, slugs),
        )
    else:
        candidate = Event.objects.get(pk=event.pk)  # a copy: the stored one is compared
    for name, value in values.items():
        setattr(candidate, name, value)
    candidate.ical_sequence = occurrence.sequence
    candidate.normalize()
    try:
        candidate.full_clean(exclude=["centres", "themes", "audiences"], validate_unique=False)
    except ValidationError as error:
        row.status = "error"
        row.errors = [
            _field_message(name, messages) for name, messages in error.message_dict.items()
        ]
        return row
    if event is not None:
        row.changes = [
            (str(Event._meta.get_field(name).verbose_name), _shown(getattr(candidate, name)))
            for name in values
            if getattr(candidate, name) != getattr(event, name)
        ]
        row.status = "updated" if row.changes else "unchanged"
        if not row.changes and candidate.ical_sequence == event.ical_sequence:
            return row
    row.event = candidate
    return row


def _field_message(name, messages):
    if name == "__all__":
        return " ".join(messages)
    label = str(Event._meta.get_field(name).verbose_name)
    return f"{label[:1].upper()}{label[1:]}\u00a0: {' '.join(messages)}"


def _shown(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return str(value)[:80]


def _free_slug(occurrence, taken):
    """Return an unused slug from the title and the date: « atelier-2027-03-01 »."""
    base = slugify(occurrence.title)[:80].strip("-") or "evenement"
    base = f"{base}-{timezone.localtime(occurrence.starts_at):%Y-%m-%d}"
    used = taken | set(Event.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidates = itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
    slug = next(candidate for candidate in candidates if candidate not in used)
    taken.add(slug)
    return slug


def _values(occurrence, centre, places, notes):
    """Return the Event fields of ``occurrence``: its texts, times, place and links. They are
    all an import writes on an event, and what it compares to say « modifié »."""
    values = {
        "title": occurrence.title,
        "summary": occurrence.summary,
        "description": occurrence.description,
        "starts_at": occurrence.starts_at,
        "ends_at": occurrence.ends_at,
        "all_day": occurrence.all_day,
        "format": Format.IN_PERSON,
        "venue": "",
        "street_address": "",
        "postcode": "",
        "city": "",
        "online_url": occurrence.online_url,
        "registration_url": "",
    }
    location, url = occurrence.location, occurrence.url
    if _URL.fullmatch(location.strip()):
        values["online_url"] = values["online_url"] or location.strip()
        location = ""
    place = _place(location, places) if location else None
    if place:
        values.update(place, format=Format.HYBRID if values["online_url"] else Format.IN_PERSON)
    elif values["online_url"] or (url and not location):
        values["format"] = Format.ONLINE
        if not values["online_url"]:
            values["online_url"], url = url, ""
        if location:
            values["venue"] = location.split("\n")[0][:200]
    elif centre.city:
        values.update(venue=location.replace("\n", ", ")[:200], city=centre.city)
        values["postcode"] = centre.postcode
        notes.append(
            _(
                "Commune introuvable dans le lieu «\u00a0%(location)s\u00a0»\u00a0: celle du "
                "centre (%(city)s) est reprise, à vérifier."
            )
            % {"location": location or "—", "city": centre.city}
        )
    else:
        values["venue"] = location[:200]
    if url:
        values["registration_url"] = url
    return values


def _place(location, cache):
    """Return the venue, street, postcode and commune named in ``location`` (« Maison des
    projets, 10 rue X, 69001 Lyon, France »), or None if no commune of the reference geography
    is found. Results kept in ``cache`` (a dict: a series repeats its place)."""
    if location in cache:
        return cache[location]
    parts = [p.strip() for p in re.split(r"[,\n;]", location) if p.strip()]
    parts = [p for p in parts if p.casefold() not in ("france", "fr")]
    place = None
    for index in range(len(parts) - 1, -1, -1):
        match = _POSTCODE_CITY.search(parts[index])
        if match:
            commune, message = find_commune(match.group(1), match.group(2).strip())
            if commune and not message:
                before = parts[:index]
                street_in_part = parts[index][: match.start()].strip()
                place = _address(before, street_in_part, match.group(1), commune.name)
                break
    if place is None:
        for index in range(len(parts) - 1, -1, -1):
            commune, message = find_commune("", parts[index])
            if commune and not message:
                place = _address(parts[:index], "", "", commune.name)
                break
    cache[location] = place
    return place


def _address(before, street, postcode, city):
    if not street and before and before[-1][:1].isdigit():
        street, before = before[-1], before[:-1]
    venue = ", ".join(before)
    return {
        "venue": venue[:200],
        "street_address": street[:200],
        "postcode": postcode,
        "city": city,
    }


# ----------------------------------------------------------------------------- saving


def apply_plan(plan, user=None):
    """Save every event of ``plan`` (a Plan without errors) in one transaction, each with a
    version in its history by ``user`` (or none, from the command), new ones organised by
    ``plan.centre``. Returns the saved events. Raises ValueError if the plan has errors."""
    if not plan.ok:
        raise ValueError("a plan with errors is not saved")
    saved = []
    with transaction.atomic():
        for row in plan.to_save:
            event, adding = row.event, row.event.pk is None
            if row.status == "unchanged":
                Event.objects.filter(pk=event.pk).update(ical_sequence=event.ical_sequence)
                continue
            event.skip_history_when_saving = True
            event.save()
            if adding:
                event.centres.set([plan.centre])
            del event.skip_history_when_saving
            event._history_user = user
            event_history.create_historical_record(event, "+" if adding else "~")
            saved.append(event)
    return saved


def import_calendar(data, centre, *, dry_run=False, user=None):
    """Read ``data`` (bytes of an .ics), plan its import for ``centre`` and, unless
    ``dry_run`` or a row is in error, save it. Returns the Plan; raises CalendarError."""
    occurrences, problems = read_calendar(data)
    if dry_run:
        return plan_import(occurrences, problems, centre)
    with transaction.atomic():
        plan = plan_import(occurrences, problems, centre, lock=True)
        if plan.ok:
            apply_plan(plan, user)
    return plan
