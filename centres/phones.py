"""French phone numbers, overseas included.

``phonenumbers`` reads a national number such as 0596 68 64 52 as metropolitan (+33) unless it
is told the territory: the overseas départements have their own country codes (Martinique +596,
Guyane +594, Guadeloupe +590, La Réunion and Mayotte +262). The national prefix tells which.
"""

import functools

import phonenumbers
from django.core.exceptions import ValidationError

# National prefixes (fixed lines and mobiles) of the overseas départements.
OVERSEAS_PREFIXES = {
    prefix: region
    for region, prefixes in {
        "GP": ("0590", "0690", "0691"),
        "GF": ("0594", "0694"),
        "MQ": ("0596", "0696", "0697"),
        "RE": ("0262", "0263", "0692", "0693"),
        "YT": ("0269", "0639"),
    }.items()
    for prefix in prefixes
}


# The same territories by département (INSEE code).
OVERSEAS_DEPARTEMENTS = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT"}


def region_for(national: str) -> str:
    """Return the phonenumbers region to parse a national number with."""
    return OVERSEAS_PREFIXES.get(national[:4], "FR")


def regions_of(departements) -> set[str]:
    """Return the phonenumbers regions of the départements ``departements`` (INSEE codes):
    "FR" for metropolitan France, "MQ" for Martinique (972)…"""
    return {OVERSEAS_DEPARTEMENTS.get(code, "FR") for code in departements}


# Pure functions of a short string, each parse some 50 µs: a bulk import parses each number
# twice (the cell, then the model field on its E.164 form), a page of cards shows 24.
@functools.lru_cache(maxsize=50_000)
def normalize_phone(raw: str) -> str:
    """Return ``raw`` in E.164 form (+33478770143), or raise a French ValidationError."""
    value = (raw or "").strip()
    if not value:
        return ""
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    region = "FR" if digits.startswith("+") else region_for(digits)
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            "« %(value)s » n’est pas un numéro de téléphone valide "
            "(exemples : 04 78 77 01 43, 0596 68 64 52, +596 596 68 64 52).",
            code="invalid_phone",
            params={"value": value[:40]},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=50_000)
def format_national(e164: str) -> str:
    """Return an E.164 number the way French people write it (04 78 77 01 43)."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
