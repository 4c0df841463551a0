"""HTTP speed of the public pages against a static file served by the same server.

Starts the production-like server (gunicorn, DEBUG off, WhiteNoise) on a throwaway SQLite
database with the network's directory loaded, then measures with wrk, in one run:
requests per second and p50/p99 latency at 1 and 32 connections for the home page, the
directory, a search, a centre page and export.json, each just after a static file of the same
size served by the same server (its baseline). It prints each figure beside its ratio to the
baseline, with the page cache on and off, and the time to build each page in process right
after a change; then again with 2,000 synthetic centres; then 10,000 requests with made-up
parameters and random searches (how many pages they add to the cache); then a 60-second run
at 64 connections that must end with zero errors; last, a load run during which Redis is
stopped and started again (errors seen, /healthz and the admin login's answers). The
environment is the production one of docs/deploy.md (DEBUG off, persistent database
connections) on SQLite, with Redis (``--cache redis``, a database of its own) or the default
database cache (``--cache database``).

    python benchmarks/http.py            # full run (about 12 minutes)
    python benchmarks/http.py --quick    # 2-second measures, 10-second soak
    python benchmarks/http.py --only agenda  # /agenda/ and an event page, 5,000 events
    python benchmarks/http.py --redis-db 8   # another Redis database than 15 (emptied first)
    python benchmarks/http.py --only library [--postgres URL]  # /ressources/, 10,000 resources
    python benchmarks/http.py --only after-edit  # pages built in process after an edit

Needs wrk (apt-get install wrk) and, for Redis, redis-server. Only 127.0.0.1 is contacted.
Redis database 15 (or ``--redis-db N``) is emptied first and used.
"""

import os
import sys

# Before the folder leaves sys.path:
from gunicorn_server import (  # noqa: E402
    ROOT,
    Server,
    free_port,
    manage,
    production_env,
    recreate_database,
    run_django,
)

# This file is named http.py, which would shadow the standard library's http package for
# urllib: take the benchmarks folder off the import path before importing it.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

PAGES = [
    ("accueil", "/"),
    ("annuaire", "/centres/"),
    ("recherche 97200", "/centres/?q=97200"),
    ("page d’un centre", "/centres/ville-caraibe/"),
    ("page de 1 500 mots", "/bench-1500-mots/"),
    ("export.json", "/centres/export.json"),
]
# ``--only agenda``: the agenda with 5,000 events (issue 15), the directory beside it.
AGENDA_PAGES = [
    ("annuaire", "/centres/"),
    ("agenda", "/agenda/"),
    ("agenda filtré", "/agenda/?region=84&type=webinaire"),
    ("page d’un événement", "/agenda/bench-2500/"),
]


def add_synthetic_centres(env, count):
    code = f"""
from centres.models import Centre, Departement
deps = list(Departement.objects.all())
centres = Centre.objects.bulk_create(
    Centre(name=f"Centre synthétique {{i}}", slug=f"synthetique-{{i}}", city="Lyon",
           phone="+33478770143", is_published=True)
    for i in range({count})
)
Through = Centre.departements.through
Through.objects.bulk_create(
    Through(centre_id=c.pk, departement_id=deps[i % len(deps)].pk) for i, c in enumerate(centres)
)
"""
    run_django(env, code)


# ``--only library``: the catalogue with 10,000 resources of about 5 KB of text (issue 16),
# uncached, on SQLite and on PostgreSQL (``--postgres``).
LIBRARY_PAGES = [
    ("ressources", "/ressources/"),
    ("filtrées", "/ressources/?type=guide&annee=2020"),
    ("mot courant", "/ressources/?q=quartier"),
    ("mot rare", "/ressources/?q=zerbanite"),
    ("deux mots", "/ressources/?q=r%C3%A9novation+urbaine"),
]


def add_synthetic_resources(env, count):
    """Publish ``count`` synthetic resources (``benchmarks/synthetic.py``), indexed."""
    run_django(env, f"from synthetic import add_resources; add_resources({count})")


def library_costs(env, rounds):
    """Time, in process and uncached, each catalogue page and, within it, the facets: the
    query counting the resources listed and their facets (``database_facet_counts``)."""
    code = f"""
import statistics, time
from django.core.wsgi import get_wsgi_application
from django.http import QueryDict
from crpv.listing import clean_params
from gunicorn_server import wsgi_get
from library.filters import database_facet_counts
from search.index import matching
from library.models import Resource
from library.views import filtered_resources
app = get_wsgi_application()
def call(path):
    return wsgi_get(app, path)
def facets(query):
    params = clean_params(QueryDict(query))
    filterset, _resources = filtered_resources(params, Resource.objects.published())
    q = params.get("q", "").strip()
    return database_facet_counts(matching(filterset.qs, q) if q else filterset.qs)
for name, path in {LIBRARY_PAGES!r}:
    call(path); facets(path.partition("?")[2])
    page, part = [], []
    for _ in range({rounds}):
        start = time.perf_counter(); call(path); page.append(time.perf_counter() - start)
        start = time.perf_counter(); facets(path.partition("?")[2])
        part.append(time.perf_counter() - start)
    page, part = statistics.median(page) * 1000, statistics.median(part) * 1000
    print(f"{{name:20}} {{page:>9.1f}} {{part:>9.1f}} {{part / page:>7.0%}}")
"""
    print("\n## En processus, sans cache : la page entière, et ses facettes\n")
    print(f"{'page':20} {'page (ms)':>9} {'facettes':>9} {'part':>7}")
    sys.stdout.flush()
    run_django({**env, "DJANGO_PUBLIC_CACHE": "false"}, code)


def add_synthetic_events(env, count):
    """Publish ``count`` synthetic events (``benchmarks/synthetic.py``)."""
    run_django(env, f"from synthetic import add_events; add_events({count})")


def add_long_page(env):
    """Publish a content page of 1,500 words in 30 paragraphs, with links and emphasis."""
    paragraph = (
        "<p>Les centres de ressources <strong>accompagnent</strong> les professionnels : "
        "formations, rencontres et <a href='https://example.org/guide'>guides</a> pour les "
        "quartiers prioritaires, avec les élus, les associations et les habitants ; "
        "qualification, capitalisation et diffusion des expériences ? Oui ! " * 2 + "</p>"
    )
    code = f"""
from pages.models import Page, Status
Page.objects.create(title="Page longue", slug="bench-1500-mots", status=Status.PUBLISHED,
                    body={paragraph * 30!r})
"""
    run_django(env, code)


def stored_pages(env):
    """Return the number of pages held by the cache the server uses."""
    code = """
from django.conf import settings
from django.core.cache import caches
from django.db import connection
backend = caches["default"]
if hasattr(backend, "_cache"):
    print(len(backend._cache.get_client().keys(backend.make_key("page:*"))))
else:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {settings.CACHE_TABLE} WHERE cache_key LIKE %s",
                       [backend.make_key("page:%")])
        print(cursor.fetchone()[0])
"""
    out = run_django(env, code, capture_output=True, text=True, check=False)
    return int(out.stdout.strip() or 0)


def made_up_addresses(env, workers, count):
    """Send ``count`` requests with made-up parameters and random searches; print what the
    cache holds before and after."""
    import http.client
    import random
    import string

    rng = random.Random(7)
    with Server(env, workers) as server:
        before = stored_pages(env)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        statuses = {}
        for n in range(count):
            word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 12)))
            path = [
                f"/centres/?q={word}",
                f"/centres/?{word}=1",
                f"/centres/?page={rng.randint(2, 10**6)}",
                f"/centres/?region={word}",
                f"/centres/export.json?q={word}",
            ][n % 5]
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
        after = stored_pages(env)
    print(f"\n## {count} adresses inventées (q aléatoires, paramètres inconnus, pages)\n")
    print(f"réponses : {statuses} ; pages en cache avant : {before}, après : {after}")


def outage(env, workers, seconds):
    """Load the site while Redis is stopped, then started again; print what clients saw."""
    import threading

    if not shutil.which("redis-server"):
        print("\nredis-server introuvable : essai de panne non fait")
        return 0
    port = free_port()
    redis_cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    redis = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    env = {**env, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    seen = {"/healthz": [], f"/{env.get('DJANGO_ADMIN_URL', 'admin')}/login/": []}
    with Server(env, workers) as server:
        stop = threading.Event()

        def probe():
            while not stop.is_set():
                for path, statuses in seen.items():
                    try:
                        status = urllib.request.urlopen(server.url(path), timeout=5).status
                    except urllib.error.HTTPError as error:
                        status = error.code
                    if not statuses or statuses[-1] != status:
                        statuses.append(status)
                time.sleep(0.1)

        paths = ("/centres/", "/centres/ville-caraibe/", "/centres/?q=lyon")
        # Warmed first, as ``measure`` does: a new worker's first requests on an empty cache
        # build the shared data, 2.2–2.8 s each on the slow machine of 2026-12-02, over wrk's
        # timeout of 2 s; what is measured here is the outage.
        for path in paths:
            wrk(server.url(path), 8, 1)
        prober = threading.Thread(target=probe)
        prober.start()
        results = {}
        loads = [
            threading.Thread(target=lambda p=p: results.update({p: wrk(server.url(p), 8, seconds)}))
            for p in paths
        ]
        for load in loads:
            load.start()
        time.sleep(seconds / 3)
        redis.kill()  # Redis stops
        redis.wait()
        time.sleep(seconds / 3)
        redis = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL)  # and comes back
        for load in loads:
            load.join()
        time.sleep(1)
        stop.set()
        prober.join()
    redis.kill()
    print(f"\n## Panne de Redis pendant {seconds} s de charge (arrêt au tiers, retour aux 2/3)\n")
    errors = 0
    for path, result in results.items():
        errors += result["errors"]
        print(f"{path:30} {result['rps']:>7.0f} req/s, réponses hors 2xx/3xx : {result['errors']}")
    for path, statuses in seen.items():
        print(f"{path:30} statuts successifs : {' → '.join(map(str, statuses))}")
    return errors


def wrk(url, connections, seconds):
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p):
        match = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if match:
        errors += sum(int(g) for g in match.groups())
    return {"rps": rps, "p50": percentile(50), "p99": percentile(99), "errors": errors}


def measure(server, seconds, label, sizes, rounds=3):
    """Measure each page right after a static file of its own size (its baseline), in
    ``rounds`` alternations of ``seconds`` each; print the median of each figure and of the
    rounds' ratios, so that a burst of load elsewhere on a shared machine moves one round only.
    """
    rows = []
    for connections in (1, 32):
        for name, path in PAGES:
            bases, results, ratios = [], [], []
            for _ in range(rounds):
                bases.append(wrk(server.url(baseline_path(sizes[path])), connections, seconds))
                results.append(wrk(server.url(path), connections, seconds))
                base_rps = bases[-1]["rps"]
                ratios.append(results[-1]["rps"] / base_rps if base_rps else float("nan"))
            base, result = _median_run(bases), _median_run(results)
            rows.append((name, connections, result, base, statistics.median(ratios)))
    print(f"\n## {label}\n")
    print(
        f"{'page':20} {'conn':>4} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'err':>4}"
        f" {'réf. req/s':>10} {'réf. p50':>8} {'ratio':>6}"
    )
    for name, connections, r, base, ratio in rows:
        print(
            f"{name:20} {connections:>4} {r['rps']:>7.0f} {r['p50']:>7.2f} {r['p99']:>7.2f}"
            f" {r['errors']:>4} {base['rps']:>10.0f} {base['p50']:>8.2f} {ratio:>6.0%}"
        )
    return rows


def _median_run(runs):
    """Return the median of each figure of several wrk runs (errors: their sum)."""
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
    }


def baseline_path(size):
    return f"/static/bench-baseline-{size}.html"


def write_baselines(env):
    """Write, for each page, a static file of the same size; return the sizes by path."""
    probe = run_django(
        env,
        "import json; from django.test import Client; "
        "client = Client(HTTP_HOST='127.0.0.1'); "
        f"paths = {[path for _, path in PAGES]!r}; "
        "sys.stdout.write(json.dumps({p: len(client.get(p).content) for p in paths}))",
        capture_output=True,
        text=True,
    )
    sizes = json.loads(probe.stdout)
    for size in sizes.values():
        (ROOT / "staticfiles" / baseline_path(size).removeprefix("/static/")).write_text("x" * size)
    return sizes


KINDS = ("version", "centre", "page")


def after_a_change(env, rounds):
    """Time, in process, each page built right after a change, then on the request after.

    Three kinds of change, each followed by the page: a new content version with no edit
    (``bump_content_version``: everything kept per version is built again); the edit of one
    centre, saved through the ORM as the admin saves it (the first centre of the directory:
    its card is drawn again); the edit of one content page (its body). The page cache is off:
    what is timed is the view and what it reads from the cache. Last, the writer's time: a
    centre saved with its départements and themes in one transaction, as the admin does, the
    rebuilds after its commit included.
    """
    code = f"""
import statistics, time
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext
from crpv.cache import bump_content_version
from centres.models import Centre
from gunicorn_server import wsgi_get
from pages.models import Page
app = get_wsgi_application()
def call(path):
    return wsgi_get(app, path)
centre = Centre.objects.published().by_territory().first()
page = Page.objects.get(slug="bench-1500-mots")
def edit_centre(n):
    centre.phone = ("+33478770143", "+33478770144")[n % 2]
    centre.save()
def edit_page(n):
    old, new = ("guides", "Guides") if n % 2 else ("Guides", "guides")
    page.body = page.body.replace(old, new)
    page.save()
changes = [("version", lambda n: bump_content_version()), ("centre", edit_centre),
           ("page", edit_page)]
for name, path in {PAGES!r}:
    call(path)
    figures = []
    for _, change in changes:
        cold, cpu, warm, queries = [], [], [], 0
        for n in range({rounds}):
            change(n)
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                call(path)
                cold.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            # The database cache's own queries left out, as in tests/test_query_budget.py.
            queries = max(queries, sum(
                settings.CACHE_TABLE not in q["sql"] and not q["sql"].startswith(("SAVEPOINT",
                "RELEASE")) for q in captured.captured_queries))
            start = time.perf_counter(); call(path); warm.append(time.perf_counter() - start)
        figures += [statistics.median(cold) * 1000, statistics.median(cpu) * 1000,
                    statistics.median(warm) * 1000, queries]
    print(f"{{name:20}}" + "".join(f" {{ms:>7.1f}} {{cpu:>5.1f}} {{next:>7.1f}} {{q:>3}}"
                                   for ms, cpu, next, q in zip(*[iter(figures)] * 4)))
    sys.stdout.flush()
# The writer's own time: the admin's path, a centre saved then its départements and themes
# set, in one transaction, the rebuilds after its commit included.
from django.db import transaction
from centres.models import Departement, Theme
# Its own links and others, in turn; its own again at the end, for the rest of the run.
territories = [list(centre.departements.all()), list(Departement.objects.filter(code="972"))]
themes = [list(centre.themes.all()), list(Theme.objects.all()[:2])]
saves = []
for n in range({rounds}):
    start = time.perf_counter()
    with transaction.atomic():
        edit_centre(n)
        centre.departements.set(territories[n % 2])
        centre.themes.set(themes[n % 2])
    saves.append(time.perf_counter() - start)
centre.departements.set(territories[0])
centre.themes.set(themes[0])
print()
print(f"enregistrement d’un centre, de ses départements et thèmes : "
      f"{{statistics.median(saves) * 1000:.1f}} ms")
"""
    print("\n## En processus, sans cache des pages : juste après une modification, puis ensuite\n")
    print("(médianes en ms ; cpu : temps processeur du processus seul, moins sensible à la charge")
    print(" de la machine ; q : requêtes SQL de la première requête, au plus)")
    head = "".join(f" {kind:>7} {'cpu':>5} {'ensuite':>7} {'q':>3}" for kind in KINDS)
    print(f"{'page':20}{head}")
    sys.stdout.flush()
    run_django({**env, "DJANGO_PUBLIC_CACHE": "false"}, code)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short measures (a smoke run)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 4)))
    parser.add_argument("--cache", choices=("redis", "database"), default="redis")
    parser.add_argument(
        "--redis-db", type=int, default=15, help="the Redis database to empty and use (15)"
    )
    parser.add_argument(
        "--only",
        choices=("agenda", "library", "after-edit"),
        help="agenda: /agenda/ and an event with 5,000 events; library: /ressources/ and "
        "searches with 10,000 resources; after-edit: the pages built in process after a change "
        "only, with 19 then 2,019 centres (a minute, no server)",
    )
    parser.add_argument(
        "--postgres",
        default="",
        metavar="URL",
        help="with --only library: also on this PostgreSQL database (dropped and created again)",
    )
    args = parser.parse_args()
    if args.only == "agenda":
        PAGES[:] = AGENDA_PAGES
    if args.only == "library":
        PAGES[:] = LIBRARY_PAGES
        return library(args)
    seconds = 1 if args.quick else 2  # per round: three rounds per figure
    soak = 10 if args.quick else 60
    if not shutil.which("wrk"):
        sys.exit("wrk introuvable : apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="crpv-bench-"))
    env = production_env(f"sqlite:///{tmp / 'bench.sqlite3'}")
    if args.cache == "redis":
        # A database of its own, emptied first: the figures start from a cold cache.
        env["REDIS_URL"] = f"redis://127.0.0.1:6379/{args.redis_db}"
        subprocess.run(
            ["redis-cli", "-n", str(args.redis_db), "flushdb"], check=True, capture_output=True
        )
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "import_centres", "centres/data/centres.csv")
    add_long_page(env)
    if args.only == "agenda":
        add_synthetic_events(env, 5000)
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")

    if args.only == "after-edit":
        # Not the export: rebuilt whole on every request, it says nothing about what an edit
        # rebuilds, and takes most of the time.
        PAGES[:] = [(name, path) for name, path in PAGES if "export" not in path]
        print(f"# {time.strftime('%Y-%m-%d %H:%M')} · charge {os.getloadavg()[0]:.1f}")
        after_a_change(env, 5 if args.quick else 20)
        add_synthetic_centres(env, 2000)
        after_a_change(env, 5 if args.quick else 20)
        shutil.rmtree(tmp)
        return 0

    sizes = write_baselines(env)
    print(
        f"# {time.strftime('%Y-%m-%d')} · {os.cpu_count()} cœurs · {args.workers} workers"
        f" · cache {args.cache} · charge {os.getloadavg()[0]:.1f}"
    )
    print("# référence de chaque page : un fichier statique de la même taille, même serveur")

    if args.only == "agenda":
        for cache in ("on", "off"):
            with Server({**env, "DJANGO_PUBLIC_CACHE": cache}, args.workers) as server:
                for _, path in PAGES:
                    wrk(server.url(path), 8, 1)
                measure(server, seconds, f"5 000 événements, cache des pages {cache}", sizes)
        after_a_change(env, 5 if args.quick else 20)
        shutil.rmtree(tmp)
        return 0

    for centres in ("19 centres", "2 000 centres synthétiques"):
        if centres.startswith("2"):
            add_synthetic_centres(env, 2000)
            sizes = write_baselines(env)
        for cache in ("on", "off"):
            with Server({**env, "DJANGO_PUBLIC_CACHE": cache}, args.workers) as server:
                # Pages stored (cache on), the version's shared data built (cache off).
                for _, path in PAGES:
                    wrk(server.url(path), 8, 1)
                measure(server, seconds, f"{centres}, cache des pages {cache}", sizes)
        after_a_change(env, 5 if args.quick else 20)

    made_up_addresses(env, args.workers, 1000 if args.quick else 10_000)

    with Server(env, args.workers) as server:
        result = wrk(server.url("/centres/"), 64, soak)
        print(f"\n## Endurance : {soak} s à 64 connexions sur l’annuaire")
        print(
            f"{result['rps']:.0f} req/s, p99 {result['p99']:.1f} ms, erreurs : {result['errors']}"
        )
    outage_errors = outage(env, args.workers, 15 if args.quick else 30)
    shutil.rmtree(tmp)
    return 1 if result["errors"] or outage_errors else 0


def library(args):
    """``--only library``: the catalogue and its searches with 10,000 resources, uncached,
    against same-size static files, on SQLite then on the PostgreSQL of ``--postgres``."""
    seconds = 1 if args.quick else 2
    tmp = Path(tempfile.mkdtemp(prefix="crpv-bench-"))
    databases = [f"sqlite:///{tmp / 'bench.sqlite3'}"]
    if args.postgres:
        databases.append(args.postgres)
    for url in databases:
        if url.startswith("postgres"):
            recreate_database(url)
        # Uncached: every request builds its page.
        env = production_env(url, DJANGO_PUBLIC_CACHE="off")
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(env, "import_centres", "centres/data/centres.csv")
        started = time.perf_counter()
        add_synthetic_resources(env, 10_000)
        loading = time.perf_counter() - started
        if url.startswith("postgres"):
            # What autovacuum does soon after a bulk load, before anyone searches: without the
            # statistics the planner took 790 resources for 10,000 and chose slow plans.
            subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True, capture_output=True)
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
        sizes = write_baselines(env)
        vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(
            f"# {time.strftime('%Y-%m-%d %H:%M')} · {vendor} · 10 000 ressources "
            f"(écrites et indexées en {loading:.0f} s) · {os.cpu_count()} cœurs · "
            f"{args.workers} workers · charge {os.getloadavg()[0]:.1f}"
        )
        with Server(env, args.workers) as server:
            for _, path in PAGES:
                wrk(server.url(path), 8, 1)
            measure(server, seconds, f"{vendor}, 10 000 ressources, sans cache", sizes)
        library_costs(env, 3 if args.quick else 10)
        print(f"# charge en fin de mesure : {os.getloadavg()[0]:.1f}")
    shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
