"""Text normalisation: folded search keys, and one form of line breaks for stored text.

Names are compared in a folded form (lower case, no accents, hyphens and apostrophes as
spaces, single spaces) computed in Python on both sides, so that SQLite and PostgreSQL give
the same answers without database-specific collations or extensions.

Stored text has one kind of line break, ``\n``: browsers send ``\r\n`` from a textarea,
LibreOffice re-saves ``\n``, Word's line break is a vertical tab; all are the same text, and
an export re-saved by office software must import back as unchanged.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`´_.,;:/()]+")


def fold(value: str) -> str:
    """Return ``value`` lower-cased, without accents, with separators as single spaces."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
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
