"""Compressed public pages: Brotli or gzip, chosen for speed, once per page and content version.

This middleware sits inside the page cache (``crpv.cache``): a page is compressed when it is
built, and the cache stores each of its encodings apart (``negotiated_encoding`` is part of the
page's key), so a stored page costs no compression, like WhiteNoise's precompressed files.
Django's ``GZipMiddleware`` compresses at zlib's level 6: 6 ms for the 72 KB directory on the
development machine, three times what serving it from the cache costs. Brotli at quality 4
(the ``brotli`` module WhiteNoise installs) makes a smaller file in 1.8 ms, and gzip at level 1
(for clients without Brotli) a slightly larger one in 1.3 ms (``benchmarks/compression.py``).

Only responses of ``@public_page`` views are compressed: they carry no secret (no CSRF token,
no personal data), so compressing them opens no BREACH-style attack; the admin's are left as
they are. Static files are compressed ahead of time by WhiteNoise.
"""

import gzip
import re

import brotli
from django.utils.cache import patch_vary_headers

BROTLI_QUALITY = 4
GZIP_LEVEL = 1
MIN_SIZE = 200  # bytes: below this, compression gains less than its headers cost
_COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/geo+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
)
_ACCEPTS = re.compile(r"\b(br|gzip)\b")


def negotiated_encoding(request):
    """Return the encoding a public page is sent in to this client: "br", "gzip" or "".

    Three values whatever the client sends, so that the page cache keeps three copies at most.
    """
    accepted = set(_ACCEPTS.findall(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    return "br" if "br" in accepted else "gzip" if "gzip" in accepted else ""


class CompressPublicPagesMiddleware:
    """Compress the body of public pages with Brotli (preferred) or gzip when the client
    accepts it; add ``Vary: Accept-Encoding`` and make the ``ETag`` weak (same content, other
    bytes), as Django's GZipMiddleware does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(response, "public_page", False) or response.streaming:
            return response
        if response.status_code != 200 or response.has_header("Content-Encoding"):
            return response
        if not response.get("Content-Type", "").startswith(_COMPRESSIBLE):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if len(response.content) < MIN_SIZE:
            return response
        encoding = negotiated_encoding(request)
        if encoding == "br":
            body = brotli.compress(response.content, quality=BROTLI_QUALITY)
        elif encoding == "gzip":
            body = gzip.compress(response.content, compresslevel=GZIP_LEVEL, mtime=0)
        else:
            return response
        response.content = body
        response["Content-Length"] = str(len(body))
        response["Content-Encoding"] = encoding
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response["ETag"] = "W/" + etag
        return response
