"""HTTP speed of the public pages against a static file served by the same server.

Starts the production-like server (gunicorn, DEBUG off, WhiteNoise) on a throwaway SQLite
database with the network's directory loaded, then measures with wrk, in one run:
requests per second and p50/p99 latency at 1 and 32 connections for the home page, the
directory, a search, a centre page and export.json, each just after a static file of the same
size served by the same server (its baseline). It prints each figure beside its ratio to the
baseline, with the page cache on and off, and the time to build each page in process right
after a change; then again with 2,000 synthetic centres; then a 60-second run at 64
connections that must end with zero errors. The environment is the README's production one
(DEBUG off, persistent database connections), on SQLite and the local-memory cache.

    python benchmarks/http.py            # full run (about 10 minutes)
    python benchmarks/http.py --quick    # 2-second measures, 10-second soak

Needs wrk (apt-get install wrk). Only 127.0.0.1 is ever contacted.
"""

import os
import sys

# This file is named http.py, which would shadow the standard library's http package for
# urllib: take the benchmarks folder off the import path before importing it.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PAGES = [
    ("accueil", "/"),
    ("annuaire", "/centres/"),
    ("recherche 97200", "/centres/?q=97200"),
    ("page d’un centre", "/centres/ville-caraibe/"),
    ("export.json", "/centres/export.json"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def add_synthetic_centres(env, count):
    code = f"""
import django; django.setup()
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
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)


class Server:
    def __init__(self, env, workers):
        self.port = free_port()
        self.env = env
        self.workers = workers

    def __enter__(self):
        self.proc = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "crpv.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


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


def measure(server, seconds, label, sizes):
    """Measure each page just after a static file of its own size (its baseline)."""
    rows = []
    for connections in (1, 32):
        for name, path in PAGES:
            base = wrk(server.url(baseline_path(sizes[path])), connections, seconds)
            result = wrk(server.url(path), connections, seconds)
            rows.append((name, connections, result, base, result["rps"] / base["rps"]))
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


def baseline_path(size):
    return f"/static/bench-baseline-{size}.html"


def write_baselines(env):
    """Write, for each page, a static file of the same size; return the sizes by path."""
    probe = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django, json, sys; django.setup(); from django.test import Client; "
            "client = Client(HTTP_HOST='127.0.0.1'); "
            f"paths = {[path for _, path in PAGES]!r}; "
            "sys.stdout.write(json.dumps({p: len(client.get(p).content) for p in paths}))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    sizes = json.loads(probe.stdout)
    for size in sizes.values():
        (ROOT / "staticfiles" / baseline_path(size).removeprefix("/static/")).write_text("x" * size)
    return sizes


def after_a_change(env, rounds):
    """Time, in process, each page built right after a change (every fragment drawn again)."""
    code = f"""
import io, statistics, sys, time
import django; django.setup()
from django.core.wsgi import get_wsgi_application
from crpv.cache import bump_content_version
app = get_wsgi_application()
def call(path):
    path, _, query = path.partition("?")
    environ = {{"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
               "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}}
    return b"".join(app(environ, lambda *args: None))
for name, path in {PAGES!r}:
    call(path)
    cold, warm = [], []
    for _ in range({rounds}):
        bump_content_version()
        start = time.perf_counter(); call(path); cold.append(time.perf_counter() - start)
        start = time.perf_counter(); call(path); warm.append(time.perf_counter() - start)
    cold, warm = statistics.median(cold) * 1000, statistics.median(warm) * 1000
    print(f"{{name:20}} {{cold:>9.1f}} {{warm:>9.1f}}")
"""
    print("\n## En processus, sans cache des pages : juste après une modification, puis ensuite\n")
    print(f"{'page':20} {'après (ms)':>9} {'ensuite':>9}")
    sys.stdout.flush()
    subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env={**env, "DJANGO_PUBLIC_CACHE": "false"}, check=True
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short measures (a smoke run)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 4)))
    args = parser.parse_args()
    seconds = 2 if args.quick else 5
    soak = 10 if args.quick else 60
    if not shutil.which("wrk"):
        sys.exit("wrk introuvable : apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="crpv-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crpv.settings",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        # As in the README's production environment: connections kept between requests.
        "DJANGO_CONN_MAX_AGE": "60",
    }
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "import_centres", "centres/data/centres.csv")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")

    sizes = write_baselines(env)
    print(f"# {time.strftime('%Y-%m-%d')} · {os.cpu_count()} cœurs · {args.workers} workers")
    print("# référence de chaque page : un fichier statique de la même taille, même serveur")

    for centres in ("19 centres", "2 000 centres synthétiques"):
        if centres.startswith("2"):
            add_synthetic_centres(env, 2000)
            sizes = write_baselines(env)
        for cache in ("on", "off"):
            with Server({**env, "DJANGO_PUBLIC_CACHE": cache}, args.workers) as server:
                # Warm every worker (each has its own local-memory cache): pages with the
                # cache on, the shared fragments with it off.
                for _, path in PAGES:
                    wrk(server.url(path), 8, 1)
                measure(server, seconds, f"{centres}, cache des pages {cache}", sizes)
        after_a_change(env, 5 if args.quick else 20)

    with Server(env, args.workers) as server:
        result = wrk(server.url("/centres/"), 64, soak)
        print(f"\n## Endurance : {soak} s à 64 connexions sur l’annuaire")
        print(
            f"{result['rps']:.0f} req/s, p99 {result['p99']:.1f} ms, erreurs : {result['errors']}"
        )
    shutil.rmtree(tmp)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
