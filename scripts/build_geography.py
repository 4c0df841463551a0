"""Derive the portal's reference geography from the official COG files.

Reads ``../shared/data/cog`` (Etalab's packaging of INSEE's Code officiel géographique)
and writes compact CSV files into ``centres/data/``: ``regions.csv``, ``departements.csv`` and
``communes.csv``, loaded by the data migration ``centres/migrations/0002_load_geography.py``,
``other_names.csv``, read by the search, and ``commune_points.csv``, a point inside each
commune (``../shared/data/geo/communes-points-2018.csv``), for the open data's positions.
Only the 18 régions and 101 départements of the politique de la ville are kept; the overseas
collectivities (975, 977, 978, 984–989) are dropped. Municipal arrondissements (Paris, Lyon,
Marseille) are not communes of their own: their postcodes already belong to the parent commune,
and their names are other names of it.

``other_names.csv`` lists the names people still use for a current commune: communes déléguées
and associées (their ``chefLieu``), arrondissements, and the 2018 names of communes merged since
(``../shared/data/geo/communes-points-2018.csv``, by the current commune's code or one of its
``anciensCodes``: Évry, code 91228, is now Évry-Courcouronnes). A name that is only the current
one with or without its article is left out. ``tncc`` is INSEE's type of name (0–8), which
tells the article: 0 and 1 none, 2 « le », 3 « la », 4 « les », 5 « l’ »…

Regenerate with::

    python scripts/build_geography.py ../shared/data/cog
"""

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from crpv.text import fold  # noqa: E402 (the script runs from anywhere)

OUT = ROOT / "centres" / "data"


def typographic(name):
    """Return an official name with the typographic apostrophe (Côte-d’Or), as French
    typography writes it and as the portal shows every other name."""
    return name.replace("'", "’")


OVERSEAS_REGIONS = {"01", "02", "03", "04", "06"}
ARTICLES = ("", "le ", "la ", "les ", "l ")


def other_names(communes, current, points):
    """Return (name, current commune code, kind) rows, sorted, without duplicates."""
    rows = {}
    kinds = {
        "commune-deleguee": "deleguee",
        "commune-associee": "associee",
        "arrondissement-municipal": "arrondissement",
    }

    def add(name, code, kind):
        folded = fold(name)
        if any(fold(current[code]["nom"]) == article + folded for article in ARTICLES):
            return
        rows.setdefault((folded, code), (typographic(name), code, kind))

    for c in communes:
        code = c.get("chefLieu") or c.get("commune")
        if c["type"] in kinds and code in current:
            add(c["nom"], code, kinds[c["type"]])
    for code, commune in current.items():
        for old in (code, *commune.get("anciensCodes", ())):
            # An old code now used by another current commune names that one, not this one.
            if old in points and (old == code or old not in current):
                add(points[old], code, "ancienne")
    return sorted(rows.values(), key=lambda row: (row[1], fold(row[0])))


def main(source: Path) -> None:
    """Write the CSV files of ``centres/data/`` from the COG files in ``source``."""
    regions = json.loads((source / "regions.json").read_text(encoding="utf-8"))
    departements = json.loads((source / "departements.json").read_text(encoding="utf-8"))
    communes = json.loads((source / "communes.json").read_text(encoding="utf-8"))

    regions = [r for r in regions if r["zone"] in ("metro", "drom")]
    region_codes = {r["code"] for r in regions}
    departements = [d for d in departements if d["region"] in region_codes]
    departement_codes = {d["code"] for d in departements}
    assert len(regions) == 18, len(regions)
    assert len(departements) == 101, len(departements)

    with open(OUT / "regions.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "nom", "outre_mer", "tncc"])
        for r in sorted(regions, key=lambda r: r["code"]):
            overseas = int(r["code"] in OVERSEAS_REGIONS)
            writer.writerow([r["code"], typographic(r["nom"]), overseas, r["typeLiaison"]])

    with open(OUT / "departements.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "nom", "region", "tncc"])
        for d in sorted(departements, key=lambda d: d["code"]):
            writer.writerow([d["code"], typographic(d["nom"]), d["region"], d["typeLiaison"]])

    rows = [
        c
        for c in communes
        if c["type"] == "commune-actuelle" and c["departement"] in departement_codes
    ]
    with open(OUT / "communes.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "nom", "departement", "codes_postaux", "population"])
        for c in sorted(rows, key=lambda c: c["code"]):
            writer.writerow(
                [
                    c["code"],
                    typographic(c["nom"]),
                    c["departement"],
                    " ".join(sorted(set(c.get("codesPostaux", [])))),
                    c.get("population") or 0,
                ]
            )
    current = {c["code"]: c for c in rows}
    with open(source.parent / "geo" / "communes-points-2018.csv", encoding="utf-8") as fh:
        points = {row["code"]: row["nom"] for row in csv.DictReader(fh)}
    aliases = other_names(communes, current, points)
    with open(OUT / "other_names.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["nom", "commune", "type"])
        writer.writerows(aliases)
    positions = commune_points(current, source.parent / "geo" / "communes-points-2018.csv")
    with open(OUT / "commune_points.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "latitude", "longitude"])
        writer.writerows(positions)
    print(
        f"{len(regions)} régions, {len(departements)} départements, {len(rows)} communes, "
        f"{len(aliases)} other names, {len(positions)} points"
    )


def commune_points(current, path):
    """Return (code, latitude, longitude) of every current commune that has a point: its own
    code's in 2018, else the first of its former codes' (a commune nouvelle usually keeps its
    chef-lieu's code)."""
    with open(path, encoding="utf-8") as fh:
        points = {row["code"]: (row["latitude"], row["longitude"]) for row in csv.DictReader(fh)}
    rows = []
    for code, commune in sorted(current.items()):
        for old in (code, *commune.get("anciensCodes", ())):
            if old in points:
                rows.append((code, *points[old]))
                break
    return rows


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/cog"))
