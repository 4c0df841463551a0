"""French typography for text typed by editors.

Only spaces the editor already typed are changed (into non-breaking ones), so that URLs,
times or code such as ``https://`` or ``10:30`` are never touched.
"""

import re

NBSP = "\u00a0"

# A space (or several) before the high punctuation and the closing guillemet.
_BEFORE = re.compile(r"[ \t\u202f]+(?=[:;?!»])")
# A space after the opening guillemet.
_AFTER_GUILLEMET = re.compile(r"«[ \t\u202f]+")
# A straight apostrophe between two letters: l'ANCT, aujourd'hui.
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def french_spacing(text: str) -> str:
    """Return ``text`` with non-breaking spaces and typographic apostrophes."""
    if not text:
        return text
    text = _BEFORE.sub(NBSP, text)
    text = _AFTER_GUILLEMET.sub("«" + NBSP, text)
    return _APOSTROPHE.sub("’", text)
