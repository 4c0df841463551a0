"""Spreadsheet formula injection: text cells that a spreadsheet would run as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (``=HYPERLINK(…)`` can leak data or lure a click). CSV
exports prefix such cells with an apostrophe, which spreadsheets show as plain text; imports
drop that apostrophe again, so that importing an export changes nothing. Workbooks need no
apostrophe: their text cells are strings (XLSX adds the quote-prefix style, ``write.XLSX``).
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Return ``value`` made inert for a spreadsheet; non-text values are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """Return ``text`` without the apostrophe ``escape_formula`` put before a formula."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
