"""HTTP speed of the public pages against a static file served by the same server.

Starts the production-like server (gunicorn, DEBUG off, WhiteNoise) on a throwaway SQLite
database with the network's directory loaded, then measures with wrk, in one run:
requests per second and p50/p99 latency at 1 and 32 connections for the home page, the
directory, a search, a centre page, export.json and a static file of the same size as the
directory page (the baseline). It prints each figure beside its ratio to the baseline, with
the page cache on and off, then again with 2,000 synthetic centres, then a 60-second run at
64 connections that must end with zero errors.

    python benchmarks/http.py            # full run (about 6 minutes)
    python benchmarks/http.py --quick    # 2-second measures, 10-second soak

Needs wrk (apt-get install wrk). Only 127.0.0.1 is ever contacted.
"""

import os
import sys

# This file is named http.py, which would shadow the standard library's http package for
# urllib: take the benchmarks folder off the import path before importing it.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse  # noqa: E402
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


def measure(server, seconds, label):
    baseline_path = "/static/bench-baseline.html"
    rows = []
    for connections in (1, 32):
        base = wrk(server.url(baseline_path), connections, seconds)
        rows.append(("fichier statique (référence)", connections, base, 1.0))
        for name, path in PAGES:
            result = wrk(server.url(path), connections, seconds)
            rows.append((name, connections, result, result["rps"] / base["rps"]))
    print(f"\n## {label}\n")
    print(
        f"{'page':32} {'conn':>4} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'err':>5} {'ratio':>7}"
    )
    for name, connections, r, ratio in rows:
        print(
            f"{name:32} {connections:>4} {r['rps']:>9.0f} {r['p50']:>8.2f} {r['p99']:>8.2f}"
            f" {r['errors']:>5} {ratio:>6.0%}"
        )
    return rows


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
    }
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "import_centres", "centres/data/centres.csv")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")

    # The baseline: a static file as large as the directory page, served by WhiteNoise.
    probe = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django, sys; django.setup(); from django.test import Client; "
            "page = Client(HTTP_HOST='127.0.0.1').get('/centres/'); "
            "sys.stdout.write(str(len(page.content)))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    size = int(probe.stdout.strip() or 20000)
    (ROOT / "staticfiles" / "bench-baseline.html").write_text("x" * size)
    print(f"# {time.strftime('%Y-%m-%d')} · {os.cpu_count()} cœurs · {args.workers} workers")
    print(f"# référence : fichier statique de {size} octets (taille de l’annuaire)")

    for centres in ("19 centres", "2 000 centres synthétiques"):
        if centres.startswith("2"):
            add_synthetic_centres(env, 2000)
        for cache in ("on", "off"):
            with Server({**env, "DJANGO_PUBLIC_CACHE": cache}, args.workers) as server:
                if cache == "on":  # warm the cache
                    for _, path in PAGES:
                        urllib.request.urlopen(server.url(path)).read()
                measure(server, seconds, f"{centres}, cache des pages {cache}")

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
