"""Full-text search with 10,000 documents of about 5 KB, on SQLite and PostgreSQL in one run.

    .venv/bin/python benchmarks/search.py [--documents 10000] [--rounds 40]
        [--postgres postgres://postgres@127.0.0.1:5432/crpv_search]  ("" to skip it)

For each database (one child process each: a throw-away SQLite file, then the PostgreSQL
database named, dropped and created again: use a database of its own), the script writes
``--documents`` content pages (``pages.Page``, indexed as kind "page") of French-like text:
words of the political-ville vocabulary drawn with a Zipf law, plus rare made-up words. It
times:

- the indexing: ``search.index.reindex("page")`` (stemming in Python and the writes);
- for each query, what a result page runs, ``--rounds`` times (p50 and p95 in milliseconds):
  the count and the first 20 objects of ``ranked(...)`` selecting the columns a list shows
  (``only``), of ``ranked(...)`` selecting whole rows (the 5 KB body too), and of
  ``search_all(...)`` (the index alone, as the site-wide search reads it);
- the baseline of the same run: a page of 20 pages and their count without search
  (``Page.objects.order_by("-pk")``), so that figures from a busy machine compare.

It prints one table per database and checks that both databases return the same first 20 for
every query (else it says so).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from french_text import COMMON, make_text
from gunicorn_server import recreate_database

ROOT = Path(__file__).resolve().parents[1]

QUERIES = [
    ("1 mot courant", "quartier"),
    ("1 mot rare", "zerbanite"),
    ("2 mots", "rénovation urbaine"),
    ("3 mots", "emploi jeunes quartiers"),
    ("mot absent", "ornithorynque"),
]


def child(args):
    """Run in a child process whose DATABASE_URL is set: print one JSON line of figures."""
    sys.path[0] = str(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv.settings")
    os.environ["DJANGO_PUBLIC_CACHE"] = "false"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from pages.models import Page
    from search import index
    from search.models import Entry

    call_command("migrate", verbosity=0)
    # The data migration's pages (the database is new): they would change the counts.
    Page.objects.filter(parent__isnull=False).delete()
    Page.objects.all().delete()
    Entry.objects.all().delete()

    rng = random.Random(20261130)
    rare_words = [f"zerbanite{n}" for n in range(400)] + ["zerbanite"]
    pages = [
        Page(
            title=f"Étude {n} : {' '.join(rng.sample(COMMON, 5))}",
            slug=f"bench-{n}",
            intro=" ".join(rng.sample(COMMON, 25)),
            body=f"<p>{make_text(rng, rare_words)}</p>",
            status="published",
        )
        for n in range(args.documents)
    ]
    Page.objects.bulk_create(pages, batch_size=500)  # no signal: indexed below, timed
    started = time.perf_counter()
    written = index.reindex("page")
    indexing = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum would have done by the time anyone searches.
        with connection.cursor() as cursor:
            for table in ("search_entry", "search_entrytext", "pages_page"):
                cursor.execute(f"VACUUM ANALYZE {table}")

    def timed(run):
        run()  # warm the caches
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        # The minimum: what the query costs when nothing else runs (a shared machine).
        return statistics.median(times), times[int(len(times) * 0.95) - 1], times[0]

    def baseline():
        queryset = Page.objects.order_by("-pk")
        return queryset.count(), list(queryset[:20])

    results = {
        "vendor": connection.vendor,
        "version": ".".join(map(str, connection.Database.sqlite_version_info))
        if connection.vendor == "sqlite"
        else str(connection.pg_version),
        "documents": written,
        "indexing_s": indexing,
        "baseline": timed(baseline),
        "queries": [],
    }
    for label, query in QUERIES:
        variants = {
            # What a list page selects: the columns it shows, not the 5 KB body.
            "list": index.ranked(Page.objects.only("id", "title", "slug", "intro"), query),
            # Every column, the body too (a model that keeps its text in its row).
            "rows": index.ranked(Page.objects.all(), query),
            # The index alone, as the site-wide search reads it.
            "all": index.search_all(query),
        }
        row = {"label": label, "query": query}
        for name, queryset in variants.items():

            def run(queryset=queryset):
                return queryset.count(), list(queryset[:20])

            count, first = run()
            row[name] = {
                "count": count,
                "first": [getattr(obj, "slug", None) or obj.object_id for obj in first],
                "times": timed(run),
            }
        results["queries"].append(row)
    print(json.dumps(results))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432/crpv_search", metavar="URL"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", help=argparse.SUPPRESS)  # SQLite file to keep, for study
    args = parser.parse_args()
    if args.child:
        return child(args)
    databases = [f"sqlite:///{args.keep or tempfile.mkdtemp() + '/search.sqlite3'}"]
    if args.keep:
        Path(args.keep).unlink(missing_ok=True)
    if args.postgres:
        databases.append(args.postgres)
    load_before = os.getloadavg()[0]
    runs = []
    for url in databases:
        if url.startswith("postgres"):
            recreate_database(url)
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--documents", str(args.documents)]
            + ["--rounds", str(args.rounds)],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            sys.exit(f"{url}: failed\n{done.stderr}")
        output = done.stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    print(
        f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} cores · load average "
        f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    )
    names = {
        "list": "ranked(), list columns",
        "rows": "ranked(), whole rows",
        "all": "search_all()",
    }
    for run in runs:
        print(
            f"\n{run['vendor']} {run['version']}: {run['documents']:,} documents indexed in "
            f"{run['indexing_s']:.1f} s ({run['documents'] / run['indexing_s']:,.0f}/s)"
        )
        p50, p95, least = run["baseline"]
        print(
            f"{'query':<36} {'what':<24} {'matches':>8} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'min ms':>7} {'ratio':>6}"
        )
        print(
            f"{'(baseline: 20 pages + count)':<36} {'':<24} {'':>8} {p50:7.1f} {p95:7.1f} "
            f"{least:7.1f}"
        )
        for query in run["queries"]:
            label = f"{query['label']} « {query['query']} »"
            for name, title in names.items():
                q50, q95, q_min = query[name]["times"]
                print(
                    f"{label:<36} {title:<24} {query[name]['count']:>8,} "
                    f"{q50:7.1f} {q95:7.1f} {q_min:7.1f} {q50 / p50:5.1f}×"
                )
                label = ""
    if len(runs) == 2:
        same = all(
            a[name]["count"] == b[name]["count"] and a[name]["first"] == b[name]["first"]
            for a, b in zip(runs[0]["queries"], runs[1]["queries"], strict=True)
            for name in names
        )
        print("\nSame counts and same first 20 on both databases: " + ("yes" if same else "NO"))


if __name__ == "__main__":
    main()
