"""The production-like set-up the benchmarks share: Django's environment as in docs/deploy.md
(DEBUG off, persistent database connections), a database made for the run, ``manage.py`` and
Django code run in a child process, and gunicorn on 127.0.0.1.

Imported by benchmarks/http.py, login_flood.py and site_search.py before they take this folder
off the import path (their neighbour http.py would shadow the standard library's ``http``
package): this module imports nothing that reads that package at import time.
"""

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# Prepended to the code ``run_django`` runs: Django set up, this folder importable (last on
# the path, so that its http.py does not shadow the standard library).
DJANGO_SETUP = """
import sys; sys.path.append("benchmarks")
import django; django.setup()
"""


def production_env(database_url, **variables):
    """Return the environment of a benchmark's Django (a dict of str): this process's, with
    DEBUG off, 127.0.0.1 allowed, warnings logged, database connections kept 60 s, the
    database ``database_url`` and no Redis (Django's database cache); ``variables`` (str
    values) add to it or override it, ``REDIS_URL`` included."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crpv.settings",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "60",
    }
    env.pop("REDIS_URL", None)
    env.update(variables)
    return env


def recreate_database(url):
    """Drop and create the PostgreSQL database of ``url`` (``postgres://…/name``), empty for
    the run; its server's ``postgres`` database must be reachable."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args):
    """Run ``manage.py`` with ``args`` in ``env``; raise CalledProcessError if it fails."""
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run_django(env, code, **options):
    """Run ``code`` (Python source) in a child process with Django set up in ``env``; return
    the CompletedProcess. ``options`` go to ``subprocess.run`` (``capture_output``, ``text``;
    ``check`` is on unless set)."""
    return subprocess.run(
        [PYTHON, "-c", DJANGO_SETUP + code], cwd=ROOT, env=env, **{"check": True, **options}
    )


def wsgi_get(app, path):
    """Return the body (bytes) of a GET of ``path`` (with its query string) answered in
    process by the WSGI ``app``, as gunicorn would pass the request on."""
    import io

    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    return b"".join(app(environ, lambda *args: None))


def bench_http():
    """Return benchmarks/http.py as a module (its wrk, baselines and directory helpers), for
    the scripts that reuse them: a file named like the standard library's package, loaded by
    path (it takes this folder off the import path itself)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("bench_http", ROOT / "benchmarks" / "http.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    """Return a TCP port of 127.0.0.1 free at the time of asking: the first free one of
    ``BENCH_PORTS`` (``8400-8499``) when set, for a shared machine where each person has a
    range, else one the system picks. Raise OSError when the range has none free."""
    first, _, last = os.environ.get("BENCH_PORTS", "").partition("-")
    for port in range(int(first), int(last) + 1) if first and last else [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def start_gunicorn(env, port, workers):
    """Start gunicorn serving ``crpv.wsgi`` on 127.0.0.1:``port`` with ``workers`` workers and
    the environment ``env``; return the process (not yet ready: the caller waits for it)."""
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "crpv.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


class Server:
    """gunicorn in ``env`` with ``workers`` workers, on ``port`` (a free one by default), as a
    context manager: started on entry and returned once ``ready()`` succeeds (30 s at most,
    else RuntimeError), stopped on exit."""

    def __init__(self, env, workers=4, port=None):
        self.env, self.workers, self.port = env, workers, port or free_port()

    def __enter__(self):
        self.proc = start_gunicorn(self.env, self.port, self.workers)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.ready()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)

    def ready(self):
        """Raise OSError until the server answers its health check."""
        import urllib.request

        urllib.request.urlopen(self.url("/healthz"), timeout=2)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"
