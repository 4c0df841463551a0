"""Compressed HTML: weight and time of public pages with and without compression, from the
page cache (``crpv/compression.py``).

Runs in process with Django's test client on a throwaway SQLite database with the network's
directory loaded (``centres/data/centres.csv``). For each page: its raw and compressed size,
then the time to serve it from the page cache to a client that does not accept gzip (the
baseline) and to one that accepts gzip, then Brotli, measured in the same run, with their
ratios to the baseline; and Django's GZipMiddleware's level-6 compression of the same body. It
checks
that a compressed answer is still served from the page cache (no SQL query) and that a
conditional request with the compressed answer's ETag gets a 304.

    python benchmarks/compression.py [--requests 300]
"""

import argparse
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# benchmarks/http.py would shadow the standard library's http package: the project root instead.
sys.path = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]

PAGES = [("accueil", "/"), ("annuaire", "/centres/"), ("page d’un centre", "/centres/labo-cites/")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "crpv.settings"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings

    # Static files from the finders, as the tests do: no collectstatic needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.text import compress_string

    call_command("migrate", verbosity=0)
    call_command("import_centres", str(ROOT / "centres" / "data" / "centres.csv"), verbosity=0)
    client = Client()
    encodings = (("aucune", ""), ("gzip", "gzip"), ("br", "gzip, deflate, br"))
    print(
        f"{'page':<18} {'brut':>7} {'gzip':>7} {'br':>7} {'aucune':>8} {'gzip':>8} {'br':>8}"
        f" {'gzip/aucune':>11} {'br/aucune':>9} {'Django GZip':>11}"
    )
    for name, url in PAGES:
        raw = client.get(url)  # builds and stores the page
        sizes = {"aucune": len(raw.content)}
        for label, accept in encodings[1:]:
            answer = client.get(url, HTTP_ACCEPT_ENCODING=accept)
            assert answer["Content-Encoding"] == label, (url, label)
            sizes[label] = len(answer.content)
            if label == "gzip":
                assert gzip.decompress(answer.content) == raw.content, url
            # Still from the page cache (no SQL query), and a 304 for the compressed ETag.
            with CaptureQueriesContext(connection) as queries:
                client.get(url, HTTP_ACCEPT_ENCODING=accept)
            assert not [q for q in queries if "crpv_cache" not in q["sql"]], "not from the cache"
            again = client.get(url, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=answer["ETag"])
            assert again.status_code == 304, (url, again.status_code)
        timings = {}
        for label, accept in encodings:
            start = time.perf_counter()
            for _ in range(args.requests):
                client.get(url, HTTP_ACCEPT_ENCODING=accept)
            timings[label] = (time.perf_counter() - start) / args.requests * 1000
        start = time.perf_counter()
        for _ in range(args.requests):
            compress_string(raw.content, max_random_bytes=100)
        django_gzip = (time.perf_counter() - start) / args.requests * 1000
        print(
            f"{name:<18}"
            + "".join(f" {sizes[label] / 1024:>5.1f}ko" for label, _ in encodings)
            + "".join(f" {timings[label]:>6.2f}ms" for label, _ in encodings)
            + f" {timings['gzip'] / timings['aucune']:>11.2f}"
            + f" {timings['br'] / timings['aucune']:>9.2f}"
            + f" {'+'}{django_gzip:>8.2f}ms"
        )


if __name__ == "__main__":
    main()
