"""What the uncached directory would reach with its template drawn for free: a bound.

    .venv/bin/python benchmarks/template_share.py [--rounds 4] [--redis-db 9]

Two production-like servers (gunicorn, 4 workers, the page cache off, the same SQLite file with
the network's 19 centres and 2,000 synthetic ones, Redis) run side by side:
- **as built**: every request of ``/centres/`` goes through the view and its template;
- **template free**: the same view, its queries and its context included, but
  ``centres.views.render`` hands back the HTML its worker drew on its first request (a
  gunicorn ``post_worker_init`` hook replaces it). What this server reaches is what the
  directory could reach if drawing its template cost nothing.

Each round measures, for each server and at 1 then 32 connections, a static file of the page's
size then the page (wrk, 2 s each), the two servers taking turns first; the script prints each
server's median ratio and the rounds' ratios. Interleaving the servers round by round lets a
burst of load elsewhere on the machine move both alike. Needs wrk and redis-server; the
Redis database given (9) is emptied first.
"""

import os
import sys

# Before the folder leaves sys.path:
from gunicorn_server import Server, bench_http, manage, production_env

# This folder holds an http.py, which would shadow the standard library's http package: take
# it off the import path first (benchmarks/http.py does the same).
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse  # noqa: E402
import contextlib  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

PATH = "/centres/"
# The gunicorn configuration of the « template free » server.
HOOK = '''
def post_worker_init(worker):
    """Memoise the HTML of ``centres.views.render`` in this worker (one page is measured)."""
    from centres import views

    drawn = {}

    def render(request, template_name, context):
        if template_name not in drawn:
            drawn[template_name] = real_render(request, template_name, context).content
        return views.HttpResponse(drawn[template_name])

    real_render = views.render
    views.render = render
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--redis-db", type=int, default=9)
    args = parser.parse_args()
    bench = bench_http()
    bench.PAGES[:] = [("annuaire", PATH)]
    tmp = Path(tempfile.mkdtemp(prefix="crpv-template-share-"))
    env = production_env(
        f"sqlite:///{tmp / 'bench.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:6379/{args.redis_db}",
        DJANGO_PUBLIC_CACHE="off",
    )
    subprocess.run(["redis-cli", "-n", str(args.redis_db), "flushdb"], check=True)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "import_centres", "centres/data/centres.csv")
    bench.add_synthetic_centres(env, 2000)
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    size = bench.write_baselines(env)[PATH]
    (tmp / "hook.py").write_text(HOOK)
    free = {**env, "GUNICORN_CMD_ARGS": f"--config {tmp / 'hook.py'}"}
    with contextlib.ExitStack() as stack:
        servers = {
            "tel quel": stack.enter_context(Server({**env, "DJANGO_CACHE_PREFIX": "built"})),
            "gabarit gratuit": stack.enter_context(Server({**free, "DJANGO_CACHE_PREFIX": "free"})),
        }
        for server in servers.values():
            bench.wrk(server.url(PATH), 8, 1)  # the shared data built, the HTML drawn
        load = os.getloadavg()[0]
        print(f"# {PATH}, 2 019 centres, cache des pages désactivé · charge {load:.1f}")
        for connections in (1, 32):
            ratios = {name: [] for name in servers}
            for round_ in range(args.rounds):
                order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                for name in order:
                    server = servers[name]
                    base = bench.wrk(server.url(bench.baseline_path(size)), connections, 2)
                    page = bench.wrk(server.url(PATH), connections, 2)
                    ratios[name].append(page["rps"] / base["rps"])
            for name, values in ratios.items():
                rounds = ", ".join(f"{value:.1%}" for value in values)
                median = statistics.median(values)
                print(f"{connections:>2} conn. · {name:16} {median:6.1%}  ({rounds})")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
