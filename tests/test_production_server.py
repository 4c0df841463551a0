"""The production-like server (gunicorn, DEBUG off, collected static files), end to end.

Starts gunicorn once for the module, with 4 workers as `make serve`, on a throwaway SQLite
database and static folder, and the default configuration (no Redis: the database cache).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
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


def prepare(tmp, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crpv.settings",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    for args in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    env = prepare(tmp)
    proc, base, port = start(env, 4)
    yield {"base": base, "port": port, "static": tmp / "static", "env": env}
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


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_an_edit_shows_on_every_server_sharing_the_database_and_the_cache(tmp_path, cache):
    extra = {}
    if cache == "redis":
        if not redis_reachable():
            if os.environ.get("CI") == "true":
                pytest.fail("Redis is unreachable on 127.0.0.1:6379")
            pytest.skip("Redis is unreachable on 127.0.0.1:6379")
        extra = {"REDIS_URL": "redis://127.0.0.1:6379/14", "DJANGO_CACHE_PREFIX": tmp_path.name}
    env = prepare(tmp_path, **extra)
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
