"""The directory as open data: CSV, JSON and GeoJSON of the published centres.

Field names are the import columns (``centres.resources.COLUMNS``) where they overlap, so that
an export can be edited and imported back, followed by derived fields. Text cells of the CSV
are made inert for spreadsheets (``centres.formulas.escape_formula``).
"""

import csv
import io
import json

from centres.formulas import escape_formula
from centres.phones import format_national
from centres.resources import COLUMNS

LICENCE = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# Derived fields, after the import columns: (name, description).
DERIVED_FIELDS = (
    ("departements_noms", "noms des départements desservis, séparés par des virgules"),
    ("regions", "régions des départements desservis, séparées par des virgules"),
    ("outre_mer", "oui si le centre sert un département d’outre-mer"),
    ("telephone_international", "téléphone au format international (+33…, +596…)"),
    ("url", "adresse de la page du centre sur le portail"),
)
FIELDS = (*COLUMNS, *(name for name, _ in DERIVED_FIELDS))
# Validated by the model (E.164: a plus sign and digits), never text a spreadsheet could run.
NOT_ESCAPED = {"telephone_international"}

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "geojson": "application/geo+json; charset=utf-8",
}


def row(centre, absolute_url):
    """Return one centre as a dict of FIELDS; needs ``Centre.objects.for_display()``."""
    departements = sorted(centre.departements.all(), key=lambda d: d.code)
    return {
        "identifiant": centre.slug,
        "nom": centre.name,
        "sigle": centre.acronym,
        "forme_juridique": centre.legal_form,
        "structure_porteuse": centre.carrying_structure,
        "departements": ", ".join(d.code for d in departements),
        "adresse": centre.street_address,
        "code_postal": centre.postcode,
        "ville": centre.city,
        "telephone": format_national(centre.phone),
        "telephone_2": format_national(centre.phone_2),
        "email": centre.email,
        "site_web": centre.website,
        "themes": ", ".join(t.name for t in centre.themes.all()),
        "annee_creation": centre.year_created,
        "annee_labellisation": centre.year_labelled,
        "latitude": float(centre.latitude) if centre.latitude is not None else None,
        "longitude": float(centre.longitude) if centre.longitude is not None else None,
        "publie": "oui" if centre.is_published else "non",
        "verifie_le": centre.verified_on.isoformat() if centre.verified_on else "",
        "source": centre.source,
        "description": centre.description,
        "departements_noms": ", ".join(d.name for d in departements),
        "regions": ", ".join(r.name for r in centre.regions),
        "outre_mer": "oui" if centre.is_overseas else "non",
        "telephone_international": centre.phone,
        "url": absolute_url(centre.get_absolute_url()),
    }


def to_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for item in rows:
        writer.writerow(
            {
                key: "" if value is None else value if key in NOT_ESCAPED else escape_formula(value)
                for key, value in item.items()
            }
        )
    return out.getvalue()


def to_json(rows, meta):
    return json.dumps({**meta, "centres": rows}, ensure_ascii=False, indent=1)


def to_geojson(rows, meta):
    features = []
    for item in rows:
        geometry = None
        if item["latitude"] is not None and item["longitude"] is not None:
            geometry = {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]}
        features.append({"type": "Feature", "geometry": geometry, "properties": item})
    return json.dumps(
        {"type": "FeatureCollection", "metadata": meta, "features": features},
        ensure_ascii=False,
        indent=1,
    )
