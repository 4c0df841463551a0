"""Spreadsheet formula injection: text cells that a spreadsheet would run as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (``=HYPERLINK(…)`` can leak data or lure a click). Exports
prefix such cells with an apostrophe, which spreadsheets show as plain text.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Return ``value`` made inert for a spreadsheet; non-text values are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
