"""The directory's one search box: read what a visitor typed as a territory or a centre.

A query is folded (``crpv.text.fold``), its abbreviations spelt out (« St » is « Saint »,
« IDF » is Île-de-France, « PACA » Provence-Alpes-Côte d’Azur), « CEDEX » and its number set
aside, then read, in order:

1. as a postcode (five digits): the communes that use it; a CEDEX code, used by no commune, is
   read as the département its first digits name;
2. as a département code (``93``, ``2A``, ``971``);
3. as names, exactly (with or without a leading article): départements, régions, the régions
   before the 2016 merger (« Rhône-Alpes »);
4. as an arrondissement: « Lyon 8e », « Paris 11 », « Marseille 13e arrondissement »;
5. as a commune with its postcode or département: « Lille 59000 », « Saint-Denis 93 »;
6. as a commune's name: its current name, the name of a commune déléguée or associée, or its
   name before a merger (« Évry » is also Évry-Courcouronnes, « Cherbourg » is
   Cherbourg-en-Cotentin) — and the communes whose compound name starts with it (« Aix » →
   Aix-en-Provence, Aix-les-Bains…). When several communes answer, they are all offered as
   ``choices``, largest first, each with its département, for the visitor to pick one; the
   centres shown meanwhile serve the communes of that very name, and the two largest of a
   compound name when they are larger (« Aix » is Aix-en-Provence before Aix in Corrèze);
7. failing all that and any centre's name, as the beginning of a commune's name
   (« Fort de Fr… »);
8. failing that too, as a commune, département or région with one slip of the keyboard
   (« Marseile »): the result says « Vouliez-vous dire Marseille ? » and shows its centres
   (rapidfuzz, optimal string alignment distance).

A name that is a département's or a région's is not also read as a commune's (« Bretagne » is
the région, not the village in the Indre).

The territory understood is a set of départements; the centres are those serving one of them,
plus the centres whose name, acronym or city match the query. Every name is looked up in an
index of the committed reference files (``centres.geography``), built once per process: the
answers are the same on SQLite and PostgreSQL, and reading a query costs no SQL query.
``suggest`` offers the places that start with what is being typed, for the search box's list.
"""

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.http import urlencode
from rapidfuzz import process
from rapidfuzz.distance import OSA

from centres import geography
from centres.models import Centre
from crpv.cache import versioned
from crpv.content import related
from crpv.text import fold

MAX_QUERY_LENGTH = 200
MAX_CHOICES = 10
MAX_SUGGESTIONS = 8
# Communes of a compound name (« Aix-en-Provence » for « Aix ») whose centres are shown before
# the visitor picks one: the largest two, when larger than those of the very name.
MAX_COMPOUND_SHOWN = 2
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
}
_FORMER_BY_KEY = {fold(name): (name, codes) for name, codes in FORMER_REGIONS.items()}

# Abbreviations people type for a whole name: the current régions (PACA is one) and former ones.
NAME_ABBREVIATIONS = {
    "idf": "Île-de-France",
    "paca": "Provence-Alpes-Côte d’Azur",
    "aura": "Auvergne-Rhône-Alpes",
    "ara": "Auvergne-Rhône-Alpes",
    "bfc": "Bourgogne-Franche-Comté",
    "hdf": "Hauts-de-France",
    "cvl": "Centre-Val de Loire",
    "pdl": "Pays de la Loire",
    "naq": "Nouvelle-Aquitaine",
    "npdc": "Nord-Pas-de-Calais",
}
_NAME_ABBREVIATIONS = {key: fold(name) for key, name in NAME_ABBREVIATIONS.items()}
# Abbreviations of one word, wherever it is (« St Etienne », « Ste-Maxime »).
WORD_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# Words that say what kind of place follows (« région Bretagne », « département du Rhône »).
_KIND_WORDS = re.compile(r"(?:region|departement|dept)(?: de| du| des| d)? ")

_POSTCODE = re.compile(r"\d{5}")
_DEPARTEMENT_CODE = re.compile(r"(?:\d{1,3}|2[ab])")
_CEDEX = re.compile(r"\bcedex(?: \d{1,2}\b)?")
# « lyon 8e », « paris 11 », « marseille 1er arrondissement », « lyon 8eme arr »
_ARRONDISSEMENT = re.compile(
    r"(?P<city>paris|lyon|marseille) (?P<number>\d{1,2}) ?(?:e|er|re|eme|ieme|ème)?"
    r"(?: arr(?:ondissement)?)?"
)


def clean_query(value) -> str:
    """Return the query without control characters, trimmed and cut to a sane length."""
    text = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch for ch in str(value or "")
    )
    # Cut, then trimmed again: cleaning a cleaned query changes nothing (crpv.cache's
    # canonical addresses redirect once).
    return " ".join(text.split())[:MAX_QUERY_LENGTH].rstrip()


@dataclass
class Territory:
    """A place the query was understood as: a label and the départements it covers.

    ``pick`` is the query that names this place alone (« Aix-en-Provence (13) »), offered when
    the visitor has to choose; ``population`` ranks communes.
    """

    label: str
    kind: str  # "commune", "departement", "region", "postcode"
    codes: tuple
    pick: str = ""
    population: int = 0
    phrase: str = ""  # the label with its article, for a sentence (« la Guadeloupe (971) »)

    def __post_init__(self):
        self.phrase = self.phrase or self.label

    @property
    def pick_query(self):
        """Return the canonical query string that searches this place alone."""
        return urlencode({"q": self.pick})


@dataclass
class Reading:
    """What a query was read as: the territories it names, and the places to choose from
    when several communes answer it (largest first; empty when there is nothing to choose)."""

    territories: list = field(default_factory=list)
    choices: list = field(default_factory=list)


@dataclass
class SearchResult:
    """The answer to a query: ``centres`` (a Centre QuerySet), the ``territories`` read,
    the ``choices`` offered, the ids of centres matched by name, and ``suggestion``, the
    name a misspelt query was taken for (« Marseille » for « Marseile »), or ""."""

    query: str
    centres: object  # a Centre QuerySet
    territories: list = field(default_factory=list)
    matched_centre_ids: list = field(default_factory=list)
    choices: list = field(default_factory=list)
    suggestion: str = ""

    @property
    def suggestion_query(self):
        """Return the canonical query string that searches the suggestion."""
        return urlencode({"q": self.suggestion})

    @property
    def understood(self):
        """True when the query itself (not a correction of it) named a territory or a centre."""
        return bool((self.territories or self.matched_centre_ids) and not self.suggestion)


def normalize(query) -> str:
    """Return the folded query with its abbreviations spelt out and CEDEX set aside."""
    key = _CEDEX.sub(" ", fold(query))
    key = " ".join(WORD_ABBREVIATIONS.get(word, word) for word in key.split())
    key = _NAME_ABBREVIATIONS.get(key, key)
    match = _KIND_WORDS.match(key)
    if match and len(key) > match.end():
        rest = key[match.end() :]
        key = _NAME_ABBREVIATIONS.get(rest, rest)
    return key


def _variants(key):
    """Return the folded name with and without a leading article."""
    variants = {key}
    for article in ARTICLES:
        if key.startswith(article):
            variants.add(key[len(article) :])
        else:
            variants.add(article + key)
    return variants


@functools.cache
def _index():
    """Return the places by folded name and postcode, from the reference files (once per
    process: they change only with the code).

    ``by_name`` maps a folded name to (commune row, other name or "") pairs, the commune row
    being ``geography.commune_rows()``'s (code, name, département, postcodes, population,
    folded name).
    """
    rows = geography.commune_rows()
    by_code = {row[0]: row for row in rows}
    by_name, arrondissements, by_postcode = {}, {}, {}
    for row in rows:
        by_name.setdefault(row[5], []).append((row, ""))
        for postcode in row[3].split():
            by_postcode.setdefault(postcode, []).append(row)
    for name, code, kind in geography.other_names():
        key = fold(name)
        if kind == "arrondissement":
            match = _ARRONDISSEMENT.match(key)
            arrondissements[(match["city"], int(match["number"]))] = (by_code[code], name)
        else:
            by_name.setdefault(key, []).append((by_code[code], name))
    departements, regions, region_codes = {}, {}, {}
    for code, name, region in geography.departements():
        departements.setdefault(fold(name), []).append((code, name))
        region_codes.setdefault(region, []).append(code)
    for code, name, _overseas in geography.regions():
        regions.setdefault(fold(name), []).append((name, tuple(sorted(region_codes[code]))))
    # Folded names a slip of the keyboard may aim at, and what each is written as.
    spelt = {key: entries[0][1] or entries[0][0][1] for key, entries in by_name.items()}
    weight = {key: max(row[4] for row, _ in entries) for key, entries in by_name.items()}
    # A département or a région before any commune.
    for key, entries in departements.items():
        spelt[key], weight[key] = entries[0][1], 10**9
    for key, entries in regions.items():
        spelt[key], weight[key] = entries[0][0], 10**9
    for key, (name, _codes) in _FORMER_BY_KEY.items():
        spelt[key], weight[key] = name, 10**9
    return {
        "by_name": by_name,
        "names": sorted(by_name),
        "arrondissements": arrondissements,
        "by_postcode": by_postcode,
        "postcodes": sorted(by_postcode),
        "departements": departements,
        "regions": regions,
        "departement_names": geography.departement_names(),
        "spelt": spelt,
        "spelt_keys": sorted(spelt),
        "weight": weight,
    }


def centre_haystacks(queryset):
    """Return a tuple of (id, folded « name acronym city » after a space) of the centres of
    ``queryset``: what the public search and the admin's compare a folded query with. A tuple,
    so that each process keeps it without copying it for every reader (``crpv.cache``)."""
    return tuple(
        (pk, " " + fold(f"{name} {acronym} {city}"))
        for pk, name, acronym, city in queryset.values_list("pk", "name", "acronym", "city")
    )


def _departement_territory(code, name):
    phrase = f"{geography.with_article('departement', code, name)} ({code})"
    return Territory(f"{name} ({code})", "departement", (code,), phrase=phrase)


def _commune_territory(row, other_name=""):
    code, name, departement, _postcodes, population, _key = row
    departement_name = _index()["departement_names"][departement]
    label = f"{name} ({departement_name}, {departement})"
    if other_name:
        label += f", dont fait partie {other_name}"
    return Territory(label, "commune", (departement,), f"{name} ({departement})", population)


def _by_population(matches):
    """Return one territory per commune of ``matches`` ((row, other name) pairs), largest
    first; a commune found by its own name keeps that reading."""
    best = {}
    for row, other_name in matches:
        if row[0] not in best or (best[row[0]][1] and not other_name):
            best[row[0]] = (row, other_name)
    ordered = sorted(best.values(), key=lambda match: (-match[0][4], match[0][0]))
    return [_commune_territory(row, other_name) for row, other_name in ordered]


def departement_of_postcode(code):
    """Return the département a postcode's first digits name (a CEDEX code too), or None."""
    if code.startswith("20"):
        departement = "2A" if code < "20200" else "2B"
    else:
        departement = code[:3] if code.startswith("97") else code[:2]
    return departement if departement in _index()["departement_names"] else None


def _postcode_territories(code):
    found = _index()["by_postcode"].get(code, [])
    if not found:
        # A CEDEX code (a company's or an administration's) belongs to no commune.
        departement = departement_of_postcode(code)
        if departement is None:
            return []
        name = _index()["departement_names"][departement]
        label = f"le code postal {code} ({name}, {departement})"
        return [Territory(label, "postcode", (departement,))]
    codes = tuple(sorted({row[2] for row in found}))
    largest = sorted(found, key=lambda row: (-row[4], row[0]))
    names = ", ".join(row[1] for row in largest[:3])
    more = " …" if len(found) > 3 else ""
    return [Territory(f"le code postal {code} ({names}{more})", "postcode", codes)]


def _named_territories(key):
    """Return the départements, régions and former régions named ``key``."""
    index = _index()
    variants = _variants(key)
    territories = []
    for variant in sorted(variants):
        for code, name in index["departements"].get(variant, ()):
            territories.append(_departement_territory(code, name))
    for variant in sorted(variants):
        for name, codes in index["regions"].get(variant, ()):
            # La Réunion, Guyane…: the région and the département are the same place; say it once.
            if not any(t.codes == codes for t in territories):
                territories.append(Territory(f"la région {name}", "region", codes))
    if key in _FORMER_BY_KEY:
        name, codes = _FORMER_BY_KEY[key]
        territories.append(Territory(f"l’ancienne région {name}", "region", codes))
    return territories


def _arrondissement(key):
    match = _ARRONDISSEMENT.fullmatch(key)
    found = match and _index()["arrondissements"].get((match["city"], int(match["number"])))
    if not found:
        return None
    row, name = found
    territory = _commune_territory(row)
    name = name.replace(" Arrondissement", " arrondissement")
    territory.label = f"{name} ({_index()['departement_names'][row[2]]}, {row[2]})"
    return territory


def _name_matches(key):
    by_name = _index()["by_name"]
    return [match for variant in sorted(_variants(key)) for match in by_name.get(variant, ())]


def _located(key):
    """Read « lille 59000 », « saint denis 93 », « 59000 lille »: a name and a postcode or a
    département code, first or last. Return a Reading, or None when the query is not so."""
    words = key.split()
    if len(words) < 2:
        return None
    for code, name in ((words[-1], words[:-1]), (words[0], words[1:])):
        if _POSTCODE.fullmatch(code):
            postcode, departement = code, departement_of_postcode(code)
        elif _DEPARTEMENT_CODE.fullmatch(code):
            postcode, departement = None, code.upper().zfill(2)  # « 2a » is 2A, « 1 » is 01
        else:
            continue
        matches = _name_matches(" ".join(name))
        if not matches:
            continue
        found = [m for m in matches if postcode in m[0][3].split() or m[0][2] == departement]
        # A name in another département than the one given: offer every commune of that name.
        territories = _by_population(found or matches)
        if len(territories) == 1:
            return Reading(territories)
        return Reading(territories, territories[:MAX_CHOICES])
    return None


def _starting_with(prefix, names):
    """Return the names of the sorted list ``names`` that start with ``prefix``."""
    start = bisect.bisect_left(names, prefix)
    end = bisect.bisect_left(names, prefix + "\uffff")
    return names[start:end]


def _prefix_matches(key):
    """Return the (commune row, other name) pairs of every name starting with ``key``."""
    index = _index()
    return [
        match for name in _starting_with(key, index["names"]) for match in index["by_name"][name]
    ]


def _communes_named(key):
    """Read ``key`` as a commune's name: every commune of that name (current or other), and
    those whose compound name starts with it, offered largest first."""
    index = _index()
    exact = _by_population(_name_matches(key))
    compound = _by_population(
        (row, other_name)
        for name in _starting_with(key + " ", index["names"])
        for row, other_name in index["by_name"][name]
        if not other_name  # the current name starts so: not one of its former parts
    )
    largest = max((t.population for t in exact), default=-1)
    territories = exact + [t for t in compound if t.population > largest][:MAX_COMPOUND_SHOWN]
    territories.sort(key=lambda t: -t.population)
    choices = {}
    for territory in sorted(exact + compound, key=lambda t: -t.population):  # exact first on ties
        choices.setdefault(territory.pick, territory)
    choices = list(choices.values())[:MAX_CHOICES]
    return Reading(territories, choices if len(choices) > 1 else [])


def understand(query):
    """Return the Reading of a (cleaned) query: the territories it names, most specific first,
    and the communes to choose from when several answer it."""
    key = normalize(query)
    if not key:
        return Reading()
    compact = key.replace(" ", "")
    if _POSTCODE.fullmatch(compact):
        return Reading(_postcode_territories(compact))
    if _DEPARTEMENT_CODE.fullmatch(compact):
        code = compact.upper().zfill(2) if compact.isdigit() else compact.upper()
        name = _index()["departement_names"].get(code)
        return Reading([_departement_territory(code, name)] if name else [])
    # « Bretagne », « Réunion »: the région or the département, not the village of that name.
    if named := _named_territories(key):
        return Reading(named)
    if arrondissement := _arrondissement(key):
        return Reading([arrondissement])
    return _located(key) or _communes_named(key)


def understand_prefix(query):
    """Return the Reading of the communes whose name starts with the query (« fort de fr »),
    the five largest, offered as choices."""
    key = normalize(query)
    if len(key) < 3 or key.replace(" ", "").isdigit():
        return Reading()
    territories = _by_population(_prefix_matches(key))[:5]
    return Reading(territories, territories if len(territories) > 1 else [])


def did_you_mean(query):
    """Return the name of the place ``query`` is one slip of the keyboard away from
    (« Marseille » for « Marseile »), or "". The largest place wins a tie."""
    key = normalize(query)
    # No place name is longer than 45 letters: a longer query is not a slip of the keyboard.
    if not 4 <= len(key) <= 50 or any(ch.isdigit() for ch in key):
        return ""
    index = _index()
    found = process.extract(
        key,
        index["spelt_keys"],
        scorer=OSA.distance,
        score_cutoff=1 if len(key) < 8 else 2,
        limit=None,
    )
    if not found:
        return ""
    best = min(found, key=lambda item: (item[1], -index["weight"][item[0]], item[0]))
    return index["spelt"][best[0]]


def suggest(query):
    """Return up to ``MAX_SUGGESTIONS`` places starting with what is being typed, for the
    search box.

    Each is a dict: ``label`` (what the list shows), ``value`` (the query that finds it) and
    ``kind`` (``region``, ``departement``, ``commune``). Régions and départements come first,
    then communes by population; a postcode's digits offer its communes.
    """
    key = normalize(query)
    if len(key) < 2:
        return []
    index = _index()
    items = []
    if key.isdigit():
        if len(key) <= 3:
            for code in (key, key.zfill(2)):
                name = index["departement_names"].get(code)
                if name and not items:
                    items.append(_item(f"{name} ({code})", name, "departement"))
        rows = {
            (postcode, row[0]): row
            for postcode in _starting_with(key, index["postcodes"])
            for row in index["by_postcode"][postcode]
        }
        ranked = sorted(rows.items(), key=lambda item: (-item[1][4], item[0]))
        for (postcode, _code), row in ranked[:MAX_SUGGESTIONS]:
            label = f"{postcode} {row[1]} ({index['departement_names'][row[2]]})"
            items.append(_item(label, f"{row[1]} {postcode}", "commune"))
        return items[:MAX_SUGGESTIONS]
    for entries in _prefixed(index["regions"], key):
        items.extend(_item(f"{name} (région)", name, "region") for name, _codes in entries)
    for entries in _prefixed(index["departements"], key):
        items.extend(_item(f"{name} ({code})", name, "departement") for code, name in entries)
    matches = _prefix_matches(key)
    seen = {item["value"] for item in items}
    # Current names first, then the names of communes déléguées, associées or former ones.
    current = _by_population(match for match in matches if not match[1])
    others = _by_population(match for match in matches if match[1])
    for territory in current + others:
        if territory.pick not in seen:
            seen.add(territory.pick)
            items.append(_item(territory.label, territory.pick, "commune"))
        if len(items) >= MAX_SUGGESTIONS:
            break
    return items[:MAX_SUGGESTIONS]


def _prefixed(names, key):
    """Return the values of the dict ``names`` whose folded name starts with ``key``."""
    return [names[name] for name in sorted(names) if name.startswith(key)]


def _item(label, value, kind):
    return {"label": label, "value": value, "kind": kind}


def locate_commune(city, postcode="", departements=()):
    """Return the code of the commune a postal address names, or "" when none is sure.

    ``city`` is matched by name (current or other, « Lyon Cedex 03 » is Lyon) among the
    communes of ``postcode`` (or of its département, for a CEDEX code), else among those of
    ``departements`` (codes), else anywhere if only one commune has that name.
    """
    key = normalize(city)
    if not key:
        return ""
    matches = _name_matches(key)
    match = _ARRONDISSEMENT.fullmatch(key)
    found = match and _index()["arrondissements"].get((match["city"], int(match["number"])))
    if not matches and found:
        matches = [(found[0], "")]
    candidates = {row[0]: row for row, _other in matches}
    if postcode:
        departement = departement_of_postcode(postcode)
        found = [r for r in candidates.values() if postcode in r[3].split() or r[2] == departement]
    else:
        found = [r for r in candidates.values() if r[2] in departements]
    if not found and not postcode and len(candidates) == 1:
        found = list(candidates.values())
    return found[0][0] if len(found) == 1 else ""


def centre_position(centre):
    """Return (latitude, longitude, precision) of a centre: its own coordinates (precision
    "adresse"), else a point inside the commune of its address ("commune", from
    ``commune_points.csv``), else (None, None, ""). Coordinates are Decimals or text of
    decimal degrees (WGS84)."""
    if centre.latitude is not None and centre.longitude is not None:
        return centre.latitude, centre.longitude, "adresse"
    codes = [d.code for d in related(centre, "departements")]
    point = geography.commune_points().get(
        locate_commune(centre.city, centre.postcode, codes) if centre.city else ""
    )
    if point is None:
        return None, None, ""
    return point[0], point[1], "commune"


def published_haystacks():
    """Return ``centre_haystacks`` of the published centres, kept until a centre changes
    (``crpv.cache.versioned``). Its writer builds it again (``centres.views.rebuild_directory``):
    2,000 names folded cost a search 15 ms."""
    return versioned(
        "centre-haystacks", lambda: centre_haystacks(Centre.objects.published()), models=[Centre]
    )


def _matching_centre_ids(*keys):
    """Return the ids of published centres whose name, acronym or city has one of ``keys`` at
    a word start (the caller's queryset then applies its own filters)."""
    haystacks = published_haystacks()
    # One plain scan per distinct key, not a generator per centre: with 2,000 centres, the
    # generators and the copy of the names were a third of a search's time (benchmarks/).
    found = set()
    for needle in {" " + key for key in keys if key}:
        found.update(pk for pk, haystack in haystacks if needle in haystack)
    return sorted(found)


def search(queryset, q):
    """Return a SearchResult: the centres of ``queryset`` answering ``q``, and what was understood.

    An empty query keeps the queryset as it is.
    """
    query = clean_query(q)
    key = fold(query)
    if not key:
        return SearchResult(query=query, centres=queryset)
    centre_ids = _matching_centre_ids(key, normalize(query))
    reading = understand(query)
    if not reading.territories and not centre_ids:
        reading = understand_prefix(query)
    suggestion = ""
    if not reading.territories and not centre_ids:
        suggestion = did_you_mean(query)
        if suggestion:
            reading = understand(suggestion)
            centre_ids = _matching_centre_ids(fold(suggestion))
    codes = {code for territory in reading.territories for code in territory.codes}
    condition = Q(pk__in=centre_ids)
    if codes:
        serving = Centre.objects.filter(departements__code__in=codes).values("pk")
        condition |= Q(pk__in=serving)
    return SearchResult(
        query=query,
        centres=queryset.filter(condition),
        territories=reading.territories,
        matched_centre_ids=centre_ids,
        choices=reading.choices,
        suggestion=suggestion,
    )
