"""Build time and queries of the agenda's pages with many events, against the directory's list.

    .venv/bin/python benchmarks/agenda.py [--events 5000] [--rounds 20]

In process (Django's test client, the page cache off, so every request builds its page), on a
throw-away SQLite file with the network's directory and ``--events`` synthetic events (a third
online, the rest in Lyon, one to two organisers each, a few in the past). For each page: the
median build time, its ratio to the directory's list built in the same run (the baseline), the
number of queries, and the size of the response. No server is started: the HTTP figures of the
stored pages are ``benchmarks/http.py``'s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project first; this folder (synthetic.py) last, since its http.py would shadow the
# standard library's http package.
sys.path[0] = str(ROOT)
sys.path.append(str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/agenda.sqlite3"
os.environ["DJANGO_PUBLIC_CACHE"] = "false"
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from synthetic import add_events  # noqa: E402

from crpv.cache import bump_content_version  # noqa: E402

BASELINE = ("annuaire (référence)", "/centres/")
PAGES = [
    ("agenda", "/agenda/"),
    ("agenda filtré", "/agenda/?region=84&type=webinaire"),
    ("agenda « 69003 »", "/agenda/?q=69003"),
    ("événements passés", "/agenda/passes/"),
    ("page d’un événement", "/agenda/bench-{middle}/"),
    ("événement .ics", "/agenda/bench-{middle}/evenement.ics"),
    ("flux filtré .ics", "/agenda/agenda.ics?type=webinaire"),
    ("flux complet .ics", "/agenda/agenda.ics"),
    ("export.json", "/agenda/export.json?type=webinaire"),
    ("accueil", "/"),
    ("page d’un centre", "/centres/labo-cites/"),
]


def measure(client, path, rounds):
    """Return the median ms right after a change (shared data and pieces drawn again), then
    the median ms once they are built, the queries of the latter and the response's size."""
    cold, warm = [], []
    for _ in range(rounds):
        bump_content_version()
        start = time.perf_counter()
        client.get(path)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        response = client.get(path)
        warm.append(time.perf_counter() - start)
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    own = [q for q in queries.captured_queries if "crpv_cache" not in q["sql"]]
    median = statistics.median
    return median(cold) * 1000, median(warm) * 1000, len(own), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    # Static addresses without collectstatic's manifest, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    call_command("import_centres", "centres/data/centres.csv", verbosity=0)
    add_events(args.events)
    middle = args.events // 2
    client = Client(HTTP_HOST="localhost")
    base = measure(client, BASELINE[1], args.rounds)
    print(
        f"# {time.strftime('%Y-%m-%d')} · {os.cpu_count()} cœurs · {args.events} événements"
        f" · charge {os.getloadavg()[0]:.1f} · pages construites sans cache des pages (médiane"
        f" de {args.rounds}) : juste après une modification, puis ensuite\n"
    )
    print(
        f"{'page':24} {'après ms':>9} {'ratio':>6} {'ensuite ms':>10} {'ratio':>6}"
        f" {'requêtes':>9} {'octets':>9}"
    )
    rows = [(BASELINE[0], base)] + [
        (name, measure(client, path.format(middle=middle), args.rounds)) for name, path in PAGES
    ]
    for name, (cold, warm, queries, size) in rows:
        print(
            f"{name:24} {cold:>9.1f} {cold / base[0]:>6.0%} {warm:>10.1f} {warm / base[1]:>6.0%}"
            f" {queries:>9} {size:>9}"
        )


if __name__ == "__main__":
    main()
