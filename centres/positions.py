"""Positions that staff paste from any map, read without calling a map service.

Staff place a centre precisely by copying its position from the map they know (OpenStreetMap,
Géoportail, a phone's GPS, Google Maps) into one field: ``parse_position`` reads decimal
degrees, degrees-minutes-seconds, a ``geo:`` URI (RFC 5870) or the address of such a map's
page. ``in_departement`` then catches the usual slips (latitude and longitude swapped, a lost
minus sign) by checking the point against the communes' points of the address's département.
"""

import functools
import re
from decimal import ROUND_HALF_UP, Decimal

from centres import geography

_NUMBER = r"[-+]?\d{1,3}(?:[.,]\d+)?"
# « 45.7640, 4.8357 », « 45,7640 ; 4,8357 », « 45.7640 4.8357 », geo:45.764,4.8357
# (a geo: URI may end with parameters: ;u=35)
_DECIMAL_PAIR = re.compile(
    rf"^(?:geo:)?\s*({_NUMBER})\s*(?:[,;]|\s)\s*({_NUMBER})\s*(?:;[a-z]+=.*)?$"
)
# Map addresses: …#map=18/45.76400/4.83570 (OpenStreetMap), …@45.764,4.8357,17z (Google),
# …?mlat=45.764&mlon=4.8357, …lat=45.764&lon=4.8357 (Géoportail and others).
_URL_PATTERNS = (
    re.compile(r"#map=\d+(?:\.\d+)?/(-?\d+\.\d+)/(-?\d+\.\d+)"),
    re.compile(r"@(-?\d+\.\d+),(-?\d+\.\d+)"),
    re.compile(r"[?&]m?lat=(-?\d+\.\d+)&m?lon=(-?\d+\.\d+)"),
)
# 45°45'50.4"N 4°50'8.5"E (and ′ ″, and minutes alone)
_DMS = re.compile(
    r"(\d{1,3})\s*°\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*)?(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:\"|″|''|′′)\s*)?([NSEOW])",
    re.IGNORECASE,
)
FIVE_PLACES = Decimal("0.00001")
# How far (degrees) a point may lie outside the box of its département's communes' points:
# each point is inside its commune, so the box misses the edges of the border communes.
MARGIN = 0.15
MESSAGE = (
    "Position illisible. Collez par exemple « 45.7640, 4.8357 », « 45°45′50″N 4°50′8″E » "
    "ou l’adresse d’une carte OpenStreetMap ou Géoportail."
)


def parse_position(text: str) -> tuple[Decimal, Decimal]:
    """Return (latitude, longitude) in decimal degrees (WGS84), rounded to 5 places (about a
    metre), from what a person pasted.

    Raises ``ValueError`` with a French message when the text is not a position, or is one
    outside the Earth's ranges.
    """
    text = text.strip()[:500]
    found = next(filter(None, (pattern.search(text) for pattern in _URL_PATTERNS)), None)
    latitude, longitude = found.groups() if found else (None, None)
    if latitude is None:
        parts = _DMS.findall(text)
        if len(parts) == 2:
            values = {}
            for degrees, minutes, seconds, hemisphere in parts:
                value = (
                    Decimal(degrees)
                    + Decimal((minutes or "0").replace(",", ".")) / 60
                    + Decimal((seconds or "0").replace(",", ".")) / 3600
                )
                hemisphere = hemisphere.upper()
                axis = "lat" if hemisphere in "NS" else "lon"
                values[axis] = -value if hemisphere in "SOW" else value
            if set(values) != {"lat", "lon"}:
                raise ValueError(MESSAGE)
            latitude, longitude = values["lat"], values["lon"]
    if latitude is None:
        found = _DECIMAL_PAIR.match(text)
        if not found:
            raise ValueError(MESSAGE)
        latitude, longitude = (value.replace(",", ".") for value in found.groups())
    latitude, longitude = Decimal(latitude), Decimal(longitude)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(MESSAGE)
    return tuple(value.quantize(FIVE_PLACES, ROUND_HALF_UP) for value in (latitude, longitude))


@functools.cache
def departement_boxes() -> dict[str, tuple[float, float, float, float]]:
    """Return {département code: (south, west, north, east)}, the box of its communes' points
    (``commune_points.csv``), in decimal degrees."""
    boxes = {}
    for code, (lat, lon) in geography.commune_points().items():
        departement = code[:3] if code.startswith("97") else code[:2]
        lat, lon = float(lat), float(lon)
        south, west, north, east = boxes.get(departement, (lat, lon, lat, lon))
        boxes[departement] = (min(south, lat), min(west, lon), max(north, lat), max(east, lon))
    return boxes


def in_departement(latitude, longitude, departement: str) -> bool:
    """Whether the point (decimal degrees) lies in or near ``departement`` (a code); True when
    the département is unknown, since nothing can be checked."""
    box = departement_boxes().get(departement)
    if box is None:
        return True
    south, west, north, east = box
    lat, lon = float(latitude), float(longitude)
    return south - MARGIN <= lat <= north + MARGIN and west - MARGIN <= lon <= east + MARGIN
