"""Instructions per request of the uncached lists, counted by Valgrind: figures a loaded machine
does not change.

    .venv/bin/python benchmarks/instructions.py [--requests 60] [--redis-db 3] [TREE…]

Timings on a shared machine move by half from one minute to the next; the number of
instructions a process runs does not. For each tree (a checkout with its ``.venv``; this one by
default, give two to compare a change), each page is requested in process (WSGI, the page
cache off, as ``benchmarks/http.py --only after-edit`` does) 10 and then 10 + N times under
``valgrind --tool=cachegrind --cache-sim=no``; the difference over N is one request once the
shared data is built (the process's start and the first requests, which build it, cancel
out). The pages: the directory with 2,019 centres, a content page of 1,500 words, a centre's
page; the agenda with 5,000 events, filtered, an event's page. Each process has a cache key
prefix of its own in the Redis database given, so none reads what another built. Needs
``valgrind`` (apt-get install valgrind); runs four processes at a time, a few minutes.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("directory", "/centres/"),
    ("directory", "/bench-1500-mots/"),
    ("directory", "/centres/ville-caraibe/"),
    ("agenda", "/agenda/"),
    ("agenda", "/agenda/?region=84&type=webinaire"),
    ("agenda", "/agenda/bench-2500/"),
]
BUILD = """
import sys; sys.path.append("benchmarks")  # last: its http.py must not shadow the stdlib
import django; django.setup()
from django.core.management import call_command
from centres.models import Centre, Departement
from pages.models import Page, Status
from synthetic import add_events
call_command("migrate", verbosity=0)
call_command("import_centres", "centres/data/centres.csv", verbosity=0)
paragraph = "<p>" + "Les centres de ressources accompagnent les professionnels : formations, "\
    "rencontres et guides pour les quartiers prioritaires ; capitalisation ? Oui ! " * 4 + "</p>"
Page.objects.create(title="Page longue", slug="bench-1500-mots", status=Status.PUBLISHED,
                    body=paragraph * 30)
if sys.argv[1] == "agenda":
    add_events(5000)
else:
    deps = list(Departement.objects.all())
    centres = Centre.objects.bulk_create(
        Centre(name=f"Centre synthétique {i}", slug=f"synthetique-{i}", city="Lyon",
               phone="+33478770143", is_published=True) for i in range(2000))
    Centre.departements.through.objects.bulk_create(
        Centre.departements.through(centre_id=c.pk, departement_id=deps[i % len(deps)].pk)
        for i, c in enumerate(centres))
call_command("collectstatic", interactive=False, verbosity=0)
"""
REQUESTS = """
import io, os, sys
import django; django.setup()
from django.core.wsgi import get_wsgi_application
app = get_wsgi_application()
def call(path):
    path, _, query = path.partition("?")
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
               "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
    status = []
    b"".join(app(environ, lambda s, *args: status.append(s)))
    assert status[0].startswith("200"), (path, status)
for _ in range(int(sys.argv[2])):
    call(sys.argv[1])
"""


def environment(tmp, kind, redis_db, prefix=""):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crpv.settings",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp / kind}.sqlite3",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_PUBLIC_CACHE": "false",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "DJANGO_CACHE_PREFIX": f"instructions-{os.getpid()}-{prefix}",
    }


def instructions(tree, env, path, count):
    """Return the instructions run by a process that serves ``path`` ``count`` times."""
    run = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        + [f"{tree}/.venv/bin/python", "-c", REQUESTS, path, str(count)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)[1].replace(",", ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", default=[str(ROOT)])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--redis-db", type=int, default=15)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="crpv-instructions-"))
    for kind in ("directory", "agenda"):  # the data, built once by the first tree
        env = environment(tmp, kind, args.redis_db)
        subprocess.run([sys.executable, "-c", BUILD, kind], cwd=args.trees[0], env=env, check=True)
    jobs = [
        (tree, kind, path, count)
        for tree in args.trees
        for kind, path in PAGES
        for count in (10, 10 + args.requests)
    ]

    def count(job):
        tree, kind, path, n = job
        env = environment(tmp, kind, args.redis_db, f"{len(tree)}-{path}-{n}")
        return instructions(tree, env, path, n)

    with ThreadPoolExecutor(4) as pool:
        found = dict(zip(jobs, pool.map(count, jobs), strict=True))
    print(f"# millions of instructions per request, the page cache off, {args.requests} requests")
    print(f"{'page':42}" + "".join(f"{Path(tree).name[-14:]:>15}" for tree in args.trees))
    for kind, path in PAGES:
        per_request = [
            (found[(tree, kind, path, 10 + args.requests)] - found[(tree, kind, path, 10)])
            / args.requests
            / 1e6
            for tree in args.trees
        ]
        change = f"  {per_request[-1] / per_request[0] - 1:+.0%}" if len(per_request) > 1 else ""
        print(f"{kind + ' ' + path:42}" + "".join(f"{n:15.2f}" for n in per_request) + change)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
