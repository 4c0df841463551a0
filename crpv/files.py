"""Uploaded files sent to visitors: the library's documents and thumbnails, the news images.

One way for every kind of upload, the same on the local disk (``MEDIA_ROOT``, never served
as is: docs/deploy.md) and in an S3 object store: the view that checks who may see the file
calls ``serve_stored_file``, which streams it from the disk, or redirects to a short-lived
signed address of the object store that answers with the same type and disposition. Either
way the response carries its true type, ``nosniff`` and a sandboxing Content-Security-Policy,
so that a hostile file cannot run in the portal's origin.
"""

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponseRedirect
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


def _is_local(storage):
    try:
        storage.path("x")
    except NotImplementedError:
        return False
    return True


def serve_stored_file(field, content_type: str, disposition: str, max_age: int = 0):
    """Return the response that sends the stored file of ``field`` (a ``FieldFile``).

    ``content_type`` and ``disposition`` (a Content-Disposition value) are sent as given;
    ``max_age`` (seconds) lets browsers and proxies keep a file whose address changes with its
    content (0: private, revalidated). Raises ``Http404`` when the file is missing on disk.
    """
    storage = field.storage
    if not _is_local(storage) and hasattr(storage, "bucket_name"):
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
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition
    return _protect(response, max_age)
