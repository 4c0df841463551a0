"""Text normalisation: folded search keys, and one form of line breaks for stored text.

Names are compared in a folded form (lower case, no accents, hyphens and apostrophes as
spaces, single spaces) computed in Python on both sides, so that SQLite and PostgreSQL give
the same answers without database-specific collations or extensions.

Stored text has one kind of line break, ``\n``: browsers send ``\r\n`` from a textarea,
LibreOffice re-saves ``\n``, Word's line break is a vertical tab; all are the same text, and
an export re-saved by office software must import back as unchanged.
"""

import functools
import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`´_.,;:/()]+")


# Every combining mark of the Basic Multilingual Plane, deleted by one regular expression
# (documents of 5 KB, searched, fold twice as fast as asking each character). Text beyond
# the plane (rare) takes the slow way. Built once, at the first use (10 ms).
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _combining_marks() -> re.Pattern:
    marks = [c for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))]
    ranges, start = [], marks[0]
    for previous, current in zip(marks, marks[1:] + [None], strict=True):
        if current != previous + 1:
            ranges.append(f"\\u{start:04x}-\\u{previous:04x}")
            start = current
    return re.compile(f"[{''.join(ranges)}]+")


def fold(value: str) -> str:
    """Return ``value`` lower-cased, without accents, with separators as single spaces."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    if decomposed.isascii():
        stripped = decomposed
    elif _BEYOND_BMP.search(decomposed):
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    else:
        stripped = _combining_marks().sub("", decomposed)
    stripped = stripped.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return _SEPARATORS.sub(" ", stripped.lower()).strip()


_LINE_BREAKS = re.compile("\r\n?|[\v\f\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def normalize_lines(value: str) -> str:
    """Return ``value`` with every kind of line break (CRLF, CR, vertical tab, form feed,
    Unicode separators) as ``\\n``."""
    return _LINE_BREAKS.sub("\n", value or "")


def has_control_characters(value: str) -> bool:
    """Return True when ``value`` holds an invisible control character other than a tab or a
    line break (they make a file unreadable for other programs)."""
    return bool(_CONTROL.search(value or ""))


def without_control_characters(value: str) -> str:
    """Return ``value`` without the control characters ``has_control_characters`` finds."""
    return _CONTROL.sub("", value or "")
