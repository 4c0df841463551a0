"""The site search, /recherche/, uncached: its p95 and its rate against a static file.

    .venv/bin/python benchmarks/site_search.py              # SQLite
    .venv/bin/python benchmarks/site_search.py --postgres   # PostgreSQL, database crpv_search
    .venv/bin/python benchmarks/site_search.py --postgres URL --requests 100 --seconds 2

Content (issue 17): the network's directory and synthetic centres up to 2,000, 5,000 events
(``synthetic.add_events``), 10,000 resources with 1 KB of text in their file and 5,000 news
items (``synthetic.add_resources``, ``add_news``), indexed by ``manage.py reindex``. On a
throw-away SQLite file, or on the PostgreSQL database named (dropped and created again: give
it a database of its own).

The server is the production-like one of ``benchmarks/http.py`` (gunicorn, DEBUG off,
persistent connections), with the page cache off (``DJANGO_PUBLIC_CACHE=false``): every
request builds its page. For each query, beside a static file of the same size served by the
same server (its baseline):

- p50 and p95: ``--requests`` requests one after the other on one kept-alive connection,
  timed here (wrk prints no p95);
- rate: requests per second with wrk at 4 connections, page and static file alternately,
  three rounds of ``--seconds``; the median of the rounds' ratios.

Aim (issue 17): p95 under 100 ms and a rate of at least 10 % of the static file's.
"""

import os
import sys

# Before the folder leaves sys.path:
from gunicorn_server import (  # noqa: E402
    Server,
    bench_http,
    manage,
    production_env,
    recreate_database,
    run_django,
)

# This folder holds an http.py, which would shadow the standard library's http package: take
# it off the import path first (benchmarks/http.py does the same).
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse  # noqa: E402
import http.client  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

POSTGRES = "postgres://postgres@127.0.0.1:5432/crpv_search"

QUERIES = [
    ("mot courant", "quartier"),
    ("mot rare", "zerbanite"),
    ("2 mots", "rénovation urbaine"),
    ("lieu : Lyon", "Lyon"),
    ("code postal", "93200"),
    ("mot absent", "ornithorynque"),
]


bench = bench_http()


def load_content(env):
    """Fill the database: directory, centres up to 2,000, events, resources, news; index."""
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "import_centres", "centres/data/centres.csv", "--verbosity", "0")
    code = "from centres.models import Centre; print(Centre.objects.count())"
    existing = int(run_django(env, code, capture_output=True, text=True).stdout)
    bench.add_synthetic_centres(env, 2000 - existing)
    code = """
from synthetic import add_events, add_news, add_resources
add_events(5000)
add_resources(10000)
add_news(5000)
"""
    run_django(env, code)
    started = time.perf_counter()
    manage(env, "reindex")
    print(f"# index : {time.perf_counter() - started:.0f} s", flush=True)


def timings(port, path, count):
    """Return (p50, p95) in ms of ``count`` sequential GETs of ``path`` on one connection,
    and the response's size; raise if a response is not a 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times, size = [], 0
    for n in range(count + 3):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
        size = len(body)
        if n >= 3:  # the first ones warm the worker
            times.append(elapsed)
    connection.close()
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=POSTGRES,
        default="",
        metavar="URL",
        help=f"run on PostgreSQL (default {POSTGRES}, dropped and created again)",
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per query")
    parser.add_argument("--seconds", type=int, default=3, help="seconds per wrk round")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk introuvable : apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="crpv-site-search-"))
    # The database cache (no Redis): the page cache is off anyway.
    env = production_env(args.postgres or f"sqlite:///{tmp / 'bench.sqlite3'}")
    database = "PostgreSQL" if args.postgres else "SQLite"
    if args.postgres:
        recreate_database(args.postgres)
    load_content(env)
    if args.postgres:
        subprocess.run(
            ["psql", args.postgres, "-qc", "VACUUM ANALYZE"], check=True, capture_output=True
        )
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    # The static files of the same sizes, written before the server starts (WhiteNoise lists
    # the files it serves at start-up).
    paths = {label: "/recherche/?" + urlencode({"q": q}) for label, q in QUERIES}
    bench.PAGES[:] = list(paths.items())
    sizes = bench.write_baselines(env)

    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')} UTC · {database} · {os.cpu_count()} cœurs · "
        f"{args.workers} workers · cache des pages off · charge {os.getloadavg()[0]:.1f}"
    )
    print(
        f"\n{'requête':16} {'résultats':>9} {'p50 ms':>7} {'p95 ms':>7} {'réf. p95':>8}"
        f" {'req/s':>6} {'réf. req/s':>10} {'ratio':>6}"
    )
    with Server({**env, "DJANGO_PUBLIC_CACHE": "false"}, args.workers) as server:
        for label, _q in QUERIES:
            path = paths[label]
            p50, p95, _size = timings(server.port, path, args.requests)
            static = bench.baseline_path(sizes[path])
            _b50, base95, _size = timings(server.port, static, args.requests)
            ratios, pages, bases = [], [], []
            for _ in range(3):
                bases.append(bench.wrk(server.url(static), 4, args.seconds)["rps"])
                pages.append(bench.wrk(server.url(path), 4, args.seconds)["rps"])
                ratios.append(pages[-1] / bases[-1])
            found = _count(server.port, path)
            print(
                f"{label:16} {found:>9} {p50:>7.1f} {p95:>7.1f} {base95:>8.1f}"
                f" {statistics.median(pages):>6.0f} {statistics.median(bases):>10.0f}"
                f" {statistics.median(ratios):>6.1%}",
                flush=True,
            )
    print(f"# charge en fin de mesure : {os.getloadavg()[0]:.1f}")
    breakdown(env, paths)
    shutil.rmtree(tmp)
    return 0


def breakdown(env, paths, rounds=10):
    """Print, in process (no server), the median time of each SQL query of each page and of
    the whole page: what costs."""
    code = f"""
import statistics, time
from django.db import connection
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
for label, path in {list(paths.items())!r}:
    client.get(path)  # the version's shared data (filters' choices) built first
    runs = []
    for _ in range({rounds}):
        spent = []
        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent.append((time.perf_counter() - started) * 1000)
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(timed):
            client.get(path)
        runs.append((
            (time.perf_counter() - started) * 1000, spent, (time.process_time() - cpu) * 1000
        ))
    total = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[2] for r in runs)
    count = min(len(r[1]) for r in runs)
    queries = [statistics.median(r[1][i] for r in runs) for i in range(count)]
    each = " + ".join(f"{{q:.1f}}" for q in queries)
    print(f"{{label:16}} {{total:>7.1f}} {{each:>30}} {{total - sum(queries):>7.1f}} {{cpu:>7.1f}}")
"""
    print(
        "\n## En processus : page entière, chaque requête SQL, le reste, le temps CPU du "
        "processus (ms, médianes ; sur SQLite le CPU compte aussi le SQL)\n"
    )
    print(f"{'requête':16} {'page':>7} {'requêtes SQL':>30} {'reste':>7} {'CPU':>7}", flush=True)
    run_django({**env, "DJANGO_PUBLIC_CACHE": "false"}, code)


def _count(port, path):
    """Return the number of results the page states (« 1 234 résultats »)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    html = connection.getresponse().read().decode()
    connection.close()
    match = re.search(r'class="results__count">(\d+)', html)
    return match.group(1) if match else "?"


if __name__ == "__main__":
    sys.exit(main())
