"""The directory's one search box: read what a visitor typed as a territory or a centre.

A query is folded (``centres.text.fold``) and compared with the folded names stored on régions,
départements and communes, so SQLite and PostgreSQL give the same answers. It is read, in order:

1. as a postcode (five digits): the communes that use it;
2. as a département code (``93``, ``2A``, ``971``);
3. as names, exactly (with or without a leading article): départements, régions, the régions
   before the 2016 merger (« Rhône-Alpes »), communes — every commune of that name counts, so
   « Saint-Denis » is Seine-Saint-Denis, La Réunion, the Aude and the Gard;
4. failing all that and any centre's name, as the beginning of a commune's name
   (« Fort de Fr… »).

A name that is a département's or a région's is not also read as a commune's (« Bretagne » is
the région, not the village in the Indre).

The territory understood is a set of départements; the centres are those serving one of them,
plus the centres whose name, acronym or city match the query. Commune lookups hit the indexed
``search_name`` column (exact match) or, for a postcode, the communes of the département its
first digits name; only the prefix fallback scans the table, and only for three letters or more.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q

from centres import geography
from centres.models import Centre, Commune
from centres.text import fold
from crpv.cache import versioned

MAX_QUERY_LENGTH = 200
ARTICLES = ("la ", "le ", "les ", "l ")

# Régions before the 2016 merger, which people still use (« Rhône-Alpes », « Midi-Pyrénées »).
FORMER_REGIONS = {
    "Alsace": ("67", "68"),
    "Aquitaine": ("24", "33", "40", "47", "64"),
    "Auvergne": ("03", "15", "43", "63"),
    "Basse-Normandie": ("14", "50", "61"),
    "Bourgogne": ("21", "58", "71", "89"),
    "Champagne-Ardenne": ("08", "10", "51", "52"),
    "Franche-Comté": ("25", "39", "70", "90"),
    "Haute-Normandie": ("27", "76"),
    "Languedoc-Roussillon": ("11", "30", "34", "48", "66"),
    "Limousin": ("19", "23", "87"),
    "Lorraine": ("54", "55", "57", "88"),
    "Midi-Pyrénées": ("09", "12", "31", "32", "46", "65", "81", "82"),
    "Nord-Pas-de-Calais": ("59", "62"),
    "Picardie": ("02", "60", "80"),
    "Poitou-Charentes": ("16", "17", "79", "86"),
    "Rhône-Alpes": ("01", "07", "26", "38", "42", "69", "73", "74"),
    "PACA": ("04", "05", "06", "13", "83", "84"),
}
_FORMER_BY_KEY = {fold(name): (name, codes) for name, codes in FORMER_REGIONS.items()}

_POSTCODE = re.compile(r"\d{5}")
_DEPARTEMENT_CODE = re.compile(r"(?:\d{1,3}|2[ab])")


def clean_query(value) -> str:
    """Return the query without control characters, trimmed and cut to a sane length."""
    text = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch for ch in str(value or "")
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@dataclass
class Territory:
    """A place the query was understood as: a label and the départements it covers."""

    label: str
    kind: str  # "commune", "departement", "region", "postcode"
    codes: tuple

    def __str__(self):
        return self.label


@dataclass
class SearchResult:
    query: str
    centres: object  # a Centre QuerySet
    territories: list = field(default_factory=list)
    matched_centre_ids: list = field(default_factory=list)

    @property
    def departement_codes(self):
        return sorted({code for territory in self.territories for code in territory.codes})

    @property
    def understood(self):
        """True when the query was recognised as a territory or a centre."""
        return bool(self.territories or self.matched_centre_ids)


def _variants(key):
    """Return the folded name with and without a leading article."""
    variants = {key}
    for article in ARTICLES:
        if key.startswith(article):
            variants.add(key[len(article) :])
        else:
            variants.add(article + key)
    return variants


def _postcode_territories(code):
    prefix = code[:3] if code.startswith("97") else code[:2]
    candidates = ("2A", "2B") if prefix == "20" else (prefix,)
    communes = Commune.objects.filter(postcodes__contains=code).select_related("departement")
    # Postcodes nearly always start with their département's code: look there first (the
    # département's communes, through its index), then everywhere for the rare exceptions.
    found = [
        c for c in communes.filter(departement__code__in=candidates) if code in c.postcodes.split()
    ]
    if not found:
        found = [c for c in communes if code in c.postcodes.split()]
    if not found:
        return []
    codes = tuple(sorted({c.departement.code for c in found}))
    names = ", ".join(c.name for c in sorted(found, key=lambda c: -c.population)[:3])
    more = " …" if len(found) > 3 else ""
    return [Territory(f"le code postal {code} ({names}{more})", "postcode", codes)]


def _commune_territories(communes):
    communes = sorted(communes, key=lambda c: -c.population)
    return [
        Territory(
            f"{c.name} ({c.departement.name}, {c.departement.code})",
            "commune",
            (c.departement.code,),
        )
        for c in communes
    ]


def understand(query):
    """Return the territories a (cleaned) query names, most specific reading first."""
    key = fold(query)
    if not key:
        return []
    compact = key.replace(" ", "")
    if _POSTCODE.fullmatch(compact):
        return _postcode_territories(compact)
    reference = _reference()
    if _DEPARTEMENT_CODE.fullmatch(compact):
        code = compact.upper().zfill(2) if compact.isdigit() else compact.upper()
        name = reference["departement_names"].get(code)
        return [Territory(f"{name} ({code})", "departement", (code,))] if name else []

    variants = _variants(key)
    territories = []
    for variant in sorted(variants):
        for code, name in reference["departements"].get(variant, ()):
            territories.append(Territory(f"{name} ({code})", "departement", (code,)))
    for variant in sorted(variants):
        for name, codes in reference["regions"].get(variant, ()):
            # La Réunion, Guyane…: the région and the département are the same place; say it once.
            if not any(t.codes == codes for t in territories):
                territories.append(Territory(f"la région {name}", "region", codes))
    if key in _FORMER_BY_KEY:
        name, codes = _FORMER_BY_KEY[key]
        territories.append(Territory(f"l’ancienne région {name}", "region", codes))
    if territories:
        # « Bretagne », « Réunion »: the région or the département, not the village of that name.
        return territories
    communes = Commune.objects.filter(search_name__in=variants).select_related("departement")
    return _commune_territories(communes)


def understand_prefix(query):
    """Return the communes whose name starts with the query (« fort de fr »), largest first."""
    key = fold(query)
    if len(key) < 3 or key.replace(" ", "").isdigit():
        return []
    communes = (
        Commune.objects.filter(search_name__startswith=key)
        .select_related("departement")
        .order_by("-population", "code")[:5]
    )
    return _commune_territories(communes)


@functools.cache
def _reference():
    """Return the départements and régions by folded name, from the reference geography
    (``centres.geography``: read once per process, it changes only with the code)."""
    departements, regions, region_codes = {}, {}, {}
    for code, name, region in geography.departements():
        departements.setdefault(fold(name), []).append((code, name))
        region_codes.setdefault(region, []).append(code)
    for code, name, _overseas in geography.regions():
        regions.setdefault(fold(name), []).append((name, tuple(sorted(region_codes[code]))))
    return {
        "departements": departements,
        "regions": regions,
        "departement_names": geography.departement_names(),
    }


def centre_haystacks(queryset):
    """Return (id, folded « name acronym city » after a space) of the centres of ``queryset``:
    what the public search and the admin's compare a folded query with."""
    return [
        (pk, " " + fold(f"{name} {acronym} {city}"))
        for pk, name, acronym, city in queryset.values_list("pk", "name", "acronym", "city")
    ]


def _haystacks():
    """Return the haystacks of every published centre, once per version."""
    return versioned("centre-haystacks", lambda: centre_haystacks(Centre.objects.published()))


def _matching_centre_ids(key):
    """Return the ids of published centres whose name, acronym or city has the query at a word
    start (the caller's queryset then applies its own filters)."""
    needle = " " + key
    return [pk for pk, haystack in _haystacks() if needle in haystack]


def search(queryset, q):
    """Return a SearchResult: the centres of ``queryset`` answering ``q``, and what was understood.

    An empty query keeps the queryset as it is.
    """
    query = clean_query(q)
    key = fold(query)
    if not key:
        return SearchResult(query=query, centres=queryset)
    centre_ids = _matching_centre_ids(key)
    territories = understand(query)
    if not territories and not centre_ids:
        territories = understand_prefix(query)
    codes = {code for territory in territories for code in territory.codes}
    condition = Q(pk__in=centre_ids)
    if codes:
        serving = Centre.objects.filter(departements__code__in=codes).values("pk")
        condition |= Q(pk__in=serving)
    return SearchResult(
        query=query,
        centres=queryset.filter(condition),
        territories=territories,
        matched_centre_ids=centre_ids,
    )
