"""A login flood against the production-like server: its CPU cost, and a cached page meanwhile.

Starts gunicorn (DEBUG off, Django's default PBKDF2 password hasher, 4 workers) on a throwaway
SQLite database with the network's directory, then, in one run:

1. **baseline**: the p50/p99 latency of a cached public page (the directory) fetched one
   request at a time, nothing else running;
2. **flood, caps on** (the default limits): 200 login attempts with random usernames from one
   address, over 16 connections, each with a valid CSRF token (what an attacker would send),
   while the same page is fetched as in 1; prints the statuses, the server's CPU seconds
   (master and workers, from /proc) and the page's p50/p99;
3. **flood, caps off** (``DJANGO_LOGIN_ATTEMPTS_PER_ADDRESS=0``, as before issue 14): only 20
   attempts, as in 2 (200 would take minutes of CPU from a shared machine); the CPU per
   attempt gives what 200 would cost.

    python benchmarks/login_flood.py [--port 8614] [--attempts 200]
    python benchmarks/login_flood.py --database postgres://postgres@127.0.0.1:5432/crpv_bench \
        --redis redis://127.0.0.1:6379/15    # as in production: an empty database; Redis emptied

SQLite takes one writer at a time: there, concurrent failed logins (django-axes records each)
wait for each other and for the database cache, and some end in « database is locked ».

Only 127.0.0.1 is contacted.
"""

import os
import sys

# Before the folder leaves sys.path:
from gunicorn_server import Server as GunicornServer  # noqa: E402
from gunicorn_server import manage, production_env  # noqa: E402

# benchmarks/http.py would shadow the standard library's http package: take the folder off
# the import path first (as benchmarks/http.py itself does).
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse  # noqa: E402
import http.client  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import string  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from pathlib import Path  # noqa: E402

PAGE = "/centres/"
LOGIN = "/admin/login/"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """Return the user + system CPU seconds of ``pid`` and its children still running."""
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return total


class Server(GunicornServer):
    """The benchmark's server, ready once the page is stored and served from the cache."""

    def __init__(self, env, port):
        super().__init__(env, workers=4, port=port)

    def ready(self):
        self.get(PAGE)
        self.get(PAGE)  # stored, then served from the cache

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, path):
        connection = self.connection()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body


def probe(server, stop, latencies):
    """Fetch the cached page one request at a time until ``stop`` is set."""
    connection = server.connection()
    while not stop.is_set():
        start = time.perf_counter()
        connection.request("GET", PAGE)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - start) * 1000)
        assert response.status == 200, response.status


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def flood(server, attempts, connections=16):
    """Post ``attempts`` logins with random usernames over ``connections`` connections;
    return the count of each status."""
    response = server.connection()
    response.request("GET", LOGIN)
    answer = response.getresponse()
    html = answer.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", answer.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    rng = random.Random(14)
    names = ["".join(rng.choices(string.ascii_lowercase, k=10)) for _ in range(attempts)]
    statuses, lock = {}, threading.Lock()

    def send(batch):
        connection = server.connection()
        for name in batch:
            body = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "username": name, "password": "devine-moi"}
            )
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                "Referer": f"http://127.0.0.1:{server.port}{LOGIN}",
            }
            connection.request("POST", LOGIN, body, headers)
            reply = connection.getresponse()
            reply.read()
            with lock:
                statuses[reply.status] = statuses.get(reply.status, 0) + 1

    threads = [
        threading.Thread(target=send, args=(names[i::connections],)) for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def measure(server, attempts):
    """Return (statuses, CPU seconds, seconds, page latencies) of a flood of ``attempts``."""
    stop, latencies = threading.Event(), []
    prober = threading.Thread(target=probe, args=(server, stop, latencies))
    before = cpu_seconds(server.proc.pid)
    start = time.monotonic()
    prober.start()
    statuses = flood(server, attempts) if attempts else time.sleep(5) or {}
    elapsed = time.monotonic() - start
    stop.set()
    prober.join()
    return statuses, cpu_seconds(server.proc.pid) - before, elapsed, latencies


def report(label, statuses, cpu, elapsed, latencies, per_page=0.0):
    """Print one line; ``per_page``: the server's CPU seconds per page of the probe, taken
    off ``cpu`` to leave the logins' share."""
    print(
        f"{label:27} {sum(statuses.values()):>4} tentatives {statuses or ''}"
        f" · CPU des connexions {cpu - per_page * len(latencies):5.2f} s en {elapsed:5.1f} s"
        f" · page en cache p50 {percentile(latencies, 0.5):6.1f} ms"
        f", p99 {percentile(latencies, 0.99):6.1f} ms ({len(latencies)} requêtes)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8614)
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--database", help="an empty database's URL (default: SQLite file)")
    parser.add_argument("--redis", help="REDIS_URL (default: Django's database cache)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="crpv-login-"))
    env = production_env(
        args.database or f"sqlite:///{tmp / 'bench.sqlite3'}",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DJANGO_ADMIN_URL="admin",
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
        database = urllib.parse.urlsplit(args.redis).path.strip("/") or "0"
        subprocess.run(["redis-cli", "-n", database, "flushdb"], check=True, capture_output=True)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "import_centres", "centres/data/centres.csv")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")

    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} cœurs · 4 workers"
        f" · {'PostgreSQL' if args.database else 'SQLite'}"
        f" · cache {'Redis' if args.redis else 'base de données'}"
        f" · charge de la machine au départ {os.getloadavg()[0]:.1f}"
    )
    with Server(env, args.port) as server:
        _, reference_cpu, _, reference = measure(server, 0)
        per_page = reference_cpu / len(reference)
        report("sans connexion (référence)", {}, reference_cpu, 5, reference, per_page)
        statuses, cpu, elapsed, latencies = measure(server, args.attempts)
        report("limites par défaut", statuses, cpu, elapsed, latencies, per_page)
        cpu -= per_page * len(latencies)
    off = {**env, "DJANGO_LOGIN_ATTEMPTS_PER_ADDRESS": "0"}  # as before issue 14
    few = max(1, args.attempts // 10)
    with Server(off, args.port) as server:
        statuses_off, cpu_off, elapsed_off, latencies_off = measure(server, few)
        report("sans limite", statuses_off, cpu_off, elapsed_off, latencies_off, per_page)
        cpu_off -= per_page * len(latencies_off)
    print(
        f"CPU pour {args.attempts} tentatives : {cpu:.1f} s avec les limites, environ"
        f" {cpu_off / few * args.attempts:.0f} s sans (extrapolé de {few}) ; ratio"
        f" {cpu_off / few * args.attempts / max(cpu, 0.01):.0f}×"
    )
    print(f"charge de la machine à la fin {os.getloadavg()[0]:.1f}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
