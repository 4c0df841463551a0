"""The reference geography (régions, départements, communes), from centres/data/.

The CSV files are derived from INSEE's COG by ``scripts/build_geography.py``; a data
migration loads them into the database (also reloaded by the browser tests, whose
transactional database is emptied after each test). They change only with the code (the
admin shows them read-only), so the lists that pages need are read from them once per
process, like the map's outlines: no query and no cache round trip.
"""

import csv
import functools
from collections import Counter
from pathlib import Path

from django.db import connection
from django.utils.text import slugify

from crpv.text import fold

DATA = Path(__file__).resolve().parent / "data"


def read(name):
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load(Region, Departement, Commune):  # noqa: N803 (historical models are passed in)
    """Create every région, département and commune; the tables must be empty."""
    regions = {
        row["code"]: Region(
            code=row["code"],
            name=row["nom"],
            slug=slugify(row["nom"]),
            is_overseas=row["outre_mer"] == "1",
            search_name=fold(row["nom"]),
        )
        for row in read("regions.csv")
    }
    Region.objects.bulk_create(regions.values())
    regions = {r.code: r for r in Region.objects.all()}
    departements = [
        Departement(
            code=row["code"],
            name=row["nom"],
            slug=slugify(row["nom"]),
            region=regions[row["region"]],
            is_overseas=regions[row["region"]].is_overseas,
            search_name=fold(row["nom"]),
        )
        for row in read("departements.csv")
    ]
    Departement.objects.bulk_create(departements)
    departement_ids = dict(Departement.objects.values_list("code", "pk"))
    # 35,000 rows: plain executemany is ten times faster than bulk_create, which matters
    # because the browser tests reload the geography after each live-server test.
    table = connection.ops.quote_name(Commune._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (code, name, departement_id, postcodes, population, search_name)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (code, name, departement_ids[dep], postcodes, population, search_name)
                for code, name, dep, postcodes, population, search_name in commune_rows()
            ],
        )


@functools.cache
def regions():
    """Return every région as (code, name, is_overseas), in the file's order."""
    return tuple((row["code"], row["nom"], row["outre_mer"] == "1") for row in read("regions.csv"))


@functools.cache
def departements():
    """Return every département as (code, name, région code), by code."""
    return tuple(
        sorted((row["code"], row["nom"], row["region"]) for row in read("departements.csv"))
    )


@functools.cache
def region_sizes():
    """Return {région code: number of its départements}."""
    return Counter(region for _code, _name, region in departements())


@functools.cache
def departement_names():
    """Return {code: name} for every département."""
    return {code: name for code, name, _region in departements()}


@functools.cache
def commune_rows():
    """Return the communes as tuples, read and folded once per process."""
    return tuple(
        (
            row["code"],
            row["nom"],
            row["departement"],
            row["codes_postaux"],
            int(row["population"] or 0),
            fold(row["nom"]),
        )
        for row in read("communes.csv")
    )


@functools.cache
def other_names():
    """Return the other names of current communes as (name, commune code, kind), kind being
    ``deleguee``, ``associee``, ``arrondissement`` or ``ancienne`` (its name in 2018)."""
    return tuple((row["nom"], row["commune"], row["type"]) for row in read("other_names.csv"))


@functools.cache
def commune_points():
    """Return {commune code: (latitude, longitude)}, a point inside each commune (WGS84,
    5 decimals, as text), from ``commune_points.csv``."""
    return {row["code"]: (row["latitude"], row["longitude"]) for row in read("commune_points.csv")}


# INSEE's type of name (TNCC) → the article before the name; 0 and 1: none.
_ARTICLES = {"2": "le ", "3": "la ", "4": "les ", "5": "l’", "6": "aux ", "7": "las ", "8": "los "}


@functools.cache
def _tncc():
    return {
        **{("region", row["code"]): row["tncc"] for row in read("regions.csv")},
        **{("departement", row["code"]): row["tncc"] for row in read("departements.csv")},
    }


def with_article(kind, code, name):
    """Return ``name`` with its article, as INSEE's TNCC gives it: « la Martinique »,
    « l’Ain », « le Val-d’Oise », « Paris ». ``kind`` is "region" or "departement"; an
    unknown code gives the name alone."""
    return _ARTICLES.get(_tncc().get((kind, code), "0"), "") + name


def unload(Region, Departement, Commune):  # noqa: N803
    for model in (Commune, Departement, Region):
        model.objects.all().delete()
