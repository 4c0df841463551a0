"""The production-like server (gunicorn, DEBUG off, collected static files), end to end.

Starts gunicorn once for the module, with 4 workers as `make serve`, on a throwaway SQLite
database and static folder, and the default configuration (no Redis: the database cache).
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(env, workers):
    """Start gunicorn with ``env``; return (process, base URL, port) once it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [BIN / "gunicorn", "crpv.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return proc, base, port


def stop(proc):
    proc.terminate()
    _, stderr = proc.communicate(timeout=10)
    # Nothing logged as an error for the bots' noise sent below.
    assert "Traceback" not in stderr
    assert " ERROR " not in stderr.replace("[ERROR] Worker", "")


def environment(tmp, database, **extra):
    """Return the production-like environment on the SQLite file ``database``, with the static
    files collected in ``tmp / "static"``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crpv.settings",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """Migrate a database and collect the static files once for the module (about a minute
    and a half on a loaded machine); return the folder, which keeps a pristine copy of the
    database in ``pristine.sqlite3`` for the tests that start servers of their own."""
    tmp = tmp_path_factory.mktemp("prepared")
    env = environment(tmp, tmp / "pristine.sqlite3")
    for args in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return tmp


def copy_of(prepared, tmp, **extra):
    """Return an environment on a fresh copy of the prepared database, in ``tmp``."""
    database = tmp / "db.sqlite3"
    # SQLite's backup copies what may still sit in the write-ahead log, unlike a file copy.
    with closing(sqlite3.connect(prepared / "pristine.sqlite3")) as source:
        with closing(sqlite3.connect(database)) as target:
            source.backup(target)
    return environment(prepared, database, **extra)


@pytest.fixture(scope="module")
def server(prepared, tmp_path_factory):
    env = copy_of(prepared, tmp_path_factory.mktemp("serve"))
    proc, base, port = start(env, 4)
    yield {"base": base, "port": port, "static": prepared / "static", "env": env}
    stop(proc)


def edit(env, name):
    """Create a published centre named ``name`` in another process (as an admin would)."""
    code = (
        "from centres.models import Centre, Departement;"
        f"c = Centre.objects.create(name={name!r}, slug='centre-modifie', is_published=True);"
        "c.departements.set(Departement.objects.filter(code='69'))"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True
    )


def raw(server, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server["port"]), timeout=5) as sock:
        sock.sendall(payload)
        return sock.recv(300).split(b"\r\n")[0]


def fetch(server, path, **headers):
    request = urllib.request.Request(server["base"] + path, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as error:
        return error


def test_health_and_home_are_served(server):
    assert fetch(server, "/healthz").status == 200
    assert fetch(server, "/").status == 200


def test_static_files_are_hashed_compressed_and_cached_for_ever(server):
    manifest = (server["static"] / "staticfiles.json").read_text()
    hashed = next(
        name
        for name in (server["static"] / "css").iterdir()
        if name.name.startswith("site.") and name.suffix == ".css" and name.name != "site.css"
    )
    assert hashed.name in manifest
    response = fetch(server, f"/static/css/{hashed.name}", **{"Accept-Encoding": "br, gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]
    gzipped = fetch(server, f"/static/css/{hashed.name}", **{"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"


def test_html_is_compressed_and_the_open_graph_image_served(server):
    for _ in range(2):  # built, then from the page cache
        response = fetch(server, "/centres/", **{"Accept-Encoding": "gzip, deflate, br"})
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "br"
    html = fetch(server, "/").read().decode()
    image = re.search(r'<meta property="og:image" content="http://[^/]+(/static/[^"]+)">', html)
    picture = fetch(server, image[1])
    assert picture.status == 200 and picture.headers["Content-Type"] == "image/png"


def test_pages_link_the_hashed_stylesheet(server):
    html = fetch(server, "/").read().decode()
    assert "/static/css/site.css" not in html
    assert "/static/css/site." in html


def test_wrong_host_is_a_400(server):
    assert fetch(server, "/", Host="evil.example.com").status == 400


def test_malformed_requests_get_a_400(server):
    assert b" 400 " in raw(server, b"GARBAGE\r\n\r\n")
    assert b" 400 " in raw(server, b"GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n")
    huge = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"
    assert b" 400 " in raw(server, huge) or b" 431 " in raw(server, huge)


def test_french_404_in_production(server):
    response = fetch(server, "/nulle-part/")
    assert response.status == 404
    assert "Page introuvable" in response.read().decode()


def test_an_edit_shows_on_every_worker_at_once(server):
    """Each worker has its own memory: only a shared cache makes every one see the edit."""
    for _ in range(20):  # every worker stores the page it built
        assert "Centre modifié" not in fetch(server, "/centres/").read().decode()
    edit(server["env"], "Centre modifié")
    pages = [fetch(server, "/centres/").read().decode() for _ in range(20)]
    assert all("Centre modifié" in page for page in pages)


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_an_edit_shows_on_every_server_sharing_the_database_and_the_cache(
    prepared, tmp_path, cache, request
):
    extra = {}
    if cache == "redis":
        redis = request.getfixturevalue("redis_server")
        extra = {"REDIS_URL": f"{redis}/14", "DJANGO_CACHE_PREFIX": tmp_path.name}
    env = copy_of(prepared, tmp_path, **extra)
    servers = [start(env, 2), start(env, 2)]
    try:
        for _, base, _ in servers:
            for _ in range(10):
                urllib.request.urlopen(base + "/centres/", timeout=5).read()
        edit(env, "Centre partagé")
        for _, base, _ in servers:
            pages = [
                urllib.request.urlopen(base + "/centres/", timeout=5).read() for _ in range(10)
            ]
            assert all("Centre partagé".encode() in page for page in pages)
    finally:
        for proc, _, _ in servers:
            stop(proc)
