"""Import and export speed: this project's bulk path against django-import-export's defaults.

    .venv/bin/python benchmarks/import_export.py [--sizes 1000 10000]

Generates synthetic centres (1,000 and 10,000 by default) and times, for each size, a dry run,
the import of new rows, the re-import of the unchanged file, an update of every row and the
export, first with ``crpv.spreadsheets`` (what the admin and the commands use), then with
django-import-export's own row-by-row ``import_data`` and ``export`` on the same resource, in
the same run and on the same database. Prints seconds, rows per second, the ratio, and the
number of queries of our path. Runs on a throw-away SQLite file unless DATABASE_URL names
another database (whose centres it deletes: never production).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This file's own directory comes off the path: its name would hide the import_export package.
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/benchmark.sqlite3"

import django  # noqa: E402

django.setup()

import tablib  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from import_export import widgets  # noqa: E402
from import_export.resources import ModelResource  # noqa: E402

from centres.models import Centre, Theme  # noqa: E402
from centres.resources import COLUMNS, CentreResource  # noqa: E402
from crpv.spreadsheets.importer import import_table  # noqa: E402
from crpv.spreadsheets.read import Table  # noqa: E402
from crpv.spreadsheets.write import CSV  # noqa: E402

DEPARTEMENTS = ["69", "01", "38", "972", "974", "2A", "75", "93", "13", "59"]


class DefaultResource(CentreResource):
    """The same columns and checks with django-import-export's default loops."""

    export = ModelResource.export

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_instance(self, instance, row, **kwargs):
        """Set the plain fields, and check the many-to-many cells before anything is saved."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)


def synthetic_table(n, town="Lyon"):
    themes = list(Theme.objects.values_list("name", flat=True))
    rows = []
    for i in range(n):
        values = dict.fromkeys(COLUMNS, "")
        values.update(
            identifiant=f"centre-{i:05d}",
            nom=f"Centre de ressources n° {i} – « Cités »",
            sigle=f"CR{i}",
            forme_juridique="association",
            departements=" ".join(DEPARTEMENTS[j % 10] for j in range(i, i + 1 + i % 3)),
            adresse=f"{i % 200} rue de l’Été",
            code_postal="69008",
            ville=town,
            telephone=f"04 7{i % 10} {i // 10000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d}",
            email=f"contact{i}@example.org",
            site_web=f"https://centre{i}.example.org",
            themes=", ".join(themes[: 1 + i % len(themes)]),
            annee_creation=str(1990 + i % 30),
            latitude="45.7485",
            longitude="4.8467",
            publie="oui",
            verifie_le="15/01/2025",
            source="Synthétique",
            description=f"Présentation du centre {i} ;\nsur deux lignes, avec des « guillemets ».",
        )
        rows.append(values)
    return Table(
        headers=list(COLUMNS), rows=[(i + 2, list(r.values())) for i, r in enumerate(rows)]
    )


def timed(function, count_queries=True):
    if not count_queries:
        start = time.perf_counter()
        result = function()
        return time.perf_counter() - start, None, result
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
    return seconds, len(queries), result


def ours(table, dry_run=False):
    report = import_table(CentreResource(), table, dry_run=dry_run)
    assert report.ok, report.errors[:3]
    return report.new, report.updated, report.unchanged


def default(table, dry_run=False):
    result = DefaultResource().import_data(
        tablib.Dataset(*(cells for _n, cells in table.rows), headers=table.headers),
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    assert not result.has_errors() and not result.has_validation_errors()
    return result.totals["new"], result.totals["update"], result.totals["skip"]


def export_ours():
    return len(CSV().export_data(CentreResource().export()))


def export_default():
    return len(DefaultResource().export(Centre.objects.all()).export("csv"))


def run(n):
    new_file = synthetic_table(n)
    changed_file = synthetic_table(n, town="Villeurbanne")
    steps = [
        ("dry run (new rows)", lambda f: f(new_file, dry_run=True)),
        ("import new rows", lambda f: f(new_file)),
        ("re-import unchanged", lambda f: f(new_file)),
        ("update every row", lambda f: f(changed_file)),
    ]
    results = {}
    for label, function in (("ours", ours), ("default", default)):
        Centre.objects.all().delete()
        for step, call in steps:
            seconds, queries, counts = timed(
                lambda call=call, function=function: call(function), label == "ours"
            )
            results[(step, label)] = (seconds, queries, counts)
        exporter = export_ours if label == "ours" else export_default
        results[("export CSV", label)] = timed(exporter, label == "ours")
    Centre.objects.all().delete()
    for step in [s for s, _c in steps] + ["export CSV"]:
        o_seconds, o_queries, o_counts = results[(step, "ours")]
        d_seconds, _d_queries, d_counts = results[(step, "default")]
        if step != "export CSV":
            assert o_counts == d_counts, (step, o_counts, d_counts)
        print(
            f"| {n:>6,} | {step:<20} | {o_seconds:7.2f} s | {n / o_seconds:9,.0f} | "
            f"{d_seconds:7.2f} s | {n / d_seconds:7,.0f} | {d_seconds / o_seconds:5.1f}× | "
            f"{o_queries:>5} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"Database: {connection.vendor}")
    print(
        "|   rows | operation            |    ours   |  rows/s  | default   |  rows/s | ratio | "
        "queries (ours) |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        run(n)


if __name__ == "__main__":
    main()
