"""Text normalisation shared by the search and the stored search keys.

Names are compared in a folded form (lower case, no accents, hyphens and apostrophes as
spaces, single spaces) computed in Python on both sides, so that SQLite and PostgreSQL give
the same answers without database-specific collations or extensions.
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
