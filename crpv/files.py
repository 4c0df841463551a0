"""Uploaded files sent to visitors: the library's documents and thumbnails, the news images.

One way for every kind of upload, the same on the local disk (``MEDIA_ROOT``, never served
as is: docs/deploy.md) and in an S3 object store: the view that checks who may see the file
calls ``serve_stored_file``, which streams it from the disk, or redirects to a short-lived
signed address of the object store that answers with the same type and disposition. Either
way the response carries its true type, ``nosniff`` and a sandboxing Content-Security-Policy,
so that a hostile file cannot run in the portal's origin.

From the disk, one byte range is sent when asked (``Range: bytes=…``, RFC 9110, 14): a
download of a 50 MB report cut on a train resumes where it stopped. Django's ``FileResponse``
sends whole files only; an object store answers ranges itself.
"""

import re
from urllib.parse import quote

from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.cache import patch_cache_control

# Opened anyway (a browser's viewer): no script, no form, no same-origin rights, nothing
# loaded, never framed.
DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"


def content_disposition(name: str) -> str:
    """Return an ``attachment`` Content-Disposition for the file name ``name``: a plain ASCII
    fallback and the readable name in RFC 5987 form (``filename*=UTF-8''…``)."""
    fallback = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "-_. ") else "_" for ch in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _protect(response, max_age):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if max_age:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        patch_cache_control(response, private=True, max_age=0)
    return response


# One range of at most 19 digits a bound: longer numbers are no file's, and Python refuses
# to read an int of more than 4,300 digits (a ValueError, so a 500).
_RANGE = re.compile(r"bytes=(\d{0,19})-(\d{0,19})")
_CHUNK = 64 * 1024


def _byte_range(request, size: int):
    """Return the one byte range ``request`` asks of a file of ``size`` bytes, as (first,
    last) offsets, both included; ``None`` to send the whole file (no ``Range``, several
    ranges, another unit, a range that does not parse, or an ``If-Range``: these responses
    carry no validator for it to match); ``()`` when the range starts past the end (416)."""
    match = _RANGE.fullmatch(request.headers.get("Range", "").replace(" ", ""))
    if not match or "If-Range" in request.headers or not size:
        return None
    first, last = match.groups()
    if not first:  # « bytes=-500 »: the last 500 bytes
        return (max(size - int(last), 0), size - 1) if last and int(last) else ()
    if last and int(last) < int(first):
        return None
    if int(first) >= size:
        return ()
    return int(first), min(int(last), size - 1) if last else size - 1


def _chunks(handle, length: int):
    """Yield the next ``length`` bytes of the open file ``handle``, then close it."""
    try:
        while length > 0:
            data = handle.read(min(_CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def serve_stored_file(request, field, content_type: str, disposition: str, max_age: int = 0):
    """Return the response to ``request`` that sends the stored file of ``field`` (a
    ``FieldFile``): the whole file (200), the one byte range asked (206 with
    ``Content-Range``), or 416 for a range past its end.

    ``content_type`` and ``disposition`` (a Content-Disposition value) are sent as given;
    ``max_age`` (seconds) lets browsers and proxies keep a file whose address changes with its
    content (0: private, revalidated). Raises ``Http404`` when the file is missing on disk.
    """
    storage = field.storage
    if hasattr(storage, "bucket_name"):
        # An object store (S3): a short-lived signed address that answers with these headers.
        url = storage.url(
            field.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
        )
        return _protect(HttpResponseRedirect(url), 0)
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    size = handle.size
    wanted = _byte_range(request, size)
    if wanted == ():
        handle.close()
        response = HttpResponse(status=416, content_type=content_type)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted:
        first, last = wanted
        handle.seek(first)
        response = StreamingHttpResponse(
            _chunks(handle, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    else:
        response = FileResponse(handle, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    return _protect(response, max_age)
