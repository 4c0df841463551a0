"""Derive the portal's reference geography from the official COG files.

Reads ``../shared/data/cog`` (Etalab's packaging of INSEE's Code officiel géographique)
and writes three compact CSV files into ``centres/data/``, loaded by the data migration
``centres/migrations/0002_load_geography.py``. Only the 18 régions and 101 départements of
the politique de la ville are kept; the overseas collectivities (975, 977, 978, 984–989) are
dropped. Municipal arrondissements (Paris, Lyon, Marseille) are not communes of their own:
their postcodes already belong to the parent commune.

Regenerate with::

    python scripts/build_geography.py ../shared/data/cog
"""

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "centres" / "data"
OVERSEAS_REGIONS = {"01", "02", "03", "04", "06"}


def main(source: Path) -> None:
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
        writer.writerow(["code", "nom", "outre_mer"])
        for r in sorted(regions, key=lambda r: r["code"]):
            writer.writerow([r["code"], r["nom"], int(r["code"] in OVERSEAS_REGIONS)])

    with open(OUT / "departements.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "nom", "region"])
        for d in sorted(departements, key=lambda d: d["code"]):
            writer.writerow([d["code"], d["nom"], d["region"]])

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
                    c["nom"],
                    c["departement"],
                    " ".join(sorted(set(c.get("codesPostaux", [])))),
                    c.get("population") or 0,
                ]
            )
    print(f"{len(regions)} régions, {len(departements)} départements, {len(rows)} communes")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/cog"))
