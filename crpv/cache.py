"""Public pages served from the cache, invalidated the moment the content changes.

Every anonymous GET or HEAD of a public page (the URL names in PUBLIC_CACHE_URL_NAMES) is stored
whole in the cache with the content version it was built from. A change to a centre, a page or
a theme, through the admin, an import or a restore, bumps the version: every stored page
becomes stale at once, on every app server sharing the cache (Redis in production).

The lookup happens in a middleware placed before the session and authentication middlewares,
so a cached page costs about as much as a static file. Requests that carry a session or a
messages cookie (staff, previews, flash messages) are never served from nor stored in the
cache, and neither are responses that set a cookie.
"""

import contextvars
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

VERSION_KEY = "public-content-version"
PAGE_KEY = "public-page:{}"


# The version read at the start of an anonymous public request, so that every fragment of the
# page comes from the same version and the version is read once, not once per fragment.
_request_version = contextvars.ContextVar("public_content_version", default=None)


class _Memo:
    """What this process already read from the shared cache, by name: (version, value).

    A fragment is the same for every request of a version, so a worker reads it from the
    shared cache (and unpickles it) once per version rather than on every request. Bounded,
    the oldest forgotten first: some names carry a query's digest and come and go.
    """

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.entries = {}

    def get(self, name, version):
        entry = self.entries.get(name)
        return entry[1] if entry is not None and entry[0] == version else None

    def set(self, name, version, value):
        self.entries.pop(name, None)
        self.entries[name] = (version, value)
        while len(self.entries) > self.max_entries:
            try:
                del self.entries[next(iter(self.entries))]
            except (KeyError, RuntimeError, StopIteration):  # another thread got there first
                break


# Shared fragments (navigation, map, lists, searches understood): a few, some large.
_local = _Memo(max_entries=1000)
# One entry per centre and kind (cards, open-data rows): bounded by the directory's size.
_local_items = _Memo(max_entries=20000)
_last_issued = 0


def content_version():
    """Return the current content version: the time of the last change, in milliseconds."""
    version = _request_version.get()
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        version = bump_content_version()
    return version


def bump_content_version():
    """Mark every cached public page as stale; return the new version."""
    global _last_issued
    # Strictly increasing, even for two changes within the same millisecond, and never one
    # this process has seen before, even after the cache was emptied.
    version = max(int(time.time() * 1000), (cache.get(VERSION_KEY) or 0) + 1, _last_issued + 1)
    _last_issued = version
    cache.set(VERSION_KEY, version, None)
    return version


def forget_local():
    """Drop the fragments this process keeps (for tests that empty the shared cache)."""
    _local.entries.clear()
    _local_items.entries.clear()


def versioned(name, builder, in_process=True):
    """Return ``builder()``, computed once per content version and shared through the cache.

    For what many pages show and only an edit changes (navigation, reference lists, the map):
    an uncached page then runs only the queries of its own content. The value is shared by
    every request of the version: callers must not change it. ``in_process=False`` leaves it
    in the shared cache only (for values too many and too large to keep in every worker). If
    ``builder`` raises, nothing is kept.
    """
    version = content_version()
    value = _local.get(name, version) if in_process else None
    if value is not None:
        return value
    key = f"versioned:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = builder()
        cache.set(key, value, settings.PUBLIC_CACHE_TIMEOUT)
    if in_process:
        _local.set(name, version, value)
    return value


def versioned_items(kind, ids, build):
    """Return the value of each of ``ids`` (those ``build`` knows), once per content version.

    ``build(missing_ids)`` returns ``{id: value}`` for the ids neither this process nor the
    shared cache has for this version. For what is drawn from one object alone (a centre's
    card): any list of them is then read from memory, whatever the query. Callers must not
    change the values.
    """
    version = content_version()
    values = {}
    for pk in ids:
        value = _local_items.get((kind, pk), version)
        if value is not None:
            values[pk] = value
    wanted = [pk for pk in ids if pk not in values]
    if wanted:
        keys = {pk: f"{kind}:{version}:{pk}" for pk in wanted}
        shared = cache.get_many(list(keys.values()))
        missing = [pk for pk in wanted if keys[pk] not in shared]
        built = build(missing) if missing else {}
        if built:
            cache.set_many(
                {keys[pk]: value for pk, value in built.items()}, settings.PUBLIC_CACHE_TIMEOUT
            )
        for pk in wanted:
            value = built.get(pk, shared.get(keys[pk]))
            if value is not None:
                values[pk] = value
                _local_items.set((kind, pk), version, value)
    # An object deleted since its id was read is left out rather than failing the page.
    return [values[pk] for pk in ids if pk in values]


def invalidate_on_commit(**kwargs):
    """Signal receiver: mark the public pages stale when a centre, page or theme changes."""
    sender = kwargs.get("sender")
    label = getattr(getattr(sender, "_meta", None), "app_label", None)
    if label in settings.PUBLIC_CACHE_APPS:
        invalidate()


def invalidate():
    """Mark the public pages stale, now and again once the current transaction commits.

    Now, for this transaction's own readers; after the commit, because a page rebuilt by
    another request in between would show the old content. Bulk writes, which send no
    signal, call this themselves.
    """
    bump_content_version()
    transaction.on_commit(bump_content_version)


def _page_key(request):
    digest = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogateescape"))
    return PAGE_KEY.format(digest.hexdigest())


def _anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _build(get_response, request, version):
    """Return the response, every fragment of it read at ``version``."""
    token = _request_version.set(version)
    try:
        return get_response(request)
    finally:
        _request_version.reset(token)


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous_read(request):
            return self.get_response(request)
        if not settings.PUBLIC_CACHE_ENABLED:
            return _build(self.get_response, request, content_version())
        # Validate the Host header here, since a cached page skips CommonMiddleware's check.
        request.get_host()
        key = _page_key(request)
        values = cache.get_many([VERSION_KEY, key])
        version = values.get(VERSION_KEY)
        entry = values.get(key)
        if version is not None and entry is not None and entry[0] == version:
            response = entry[1]
            conditional = get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=version // 1000,
                response=response,
            )
            return conditional
        if version is None:
            version = content_version()
        response = _build(self.get_response, request, version)
        if self._storable(request, response):
            self._finalise(response, version)
            cache.set(key, (version, response), settings.PUBLIC_CACHE_TIMEOUT)
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=version // 1000, response=response
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Public pages are read-only: anything but GET or HEAD is a 405, not a CSRF 403."""
        match = request.resolver_match
        if match.view_name in settings.PUBLIC_CACHE_URL_NAMES and request.method not in (
            "GET",
            "HEAD",
        ):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return None

    @staticmethod
    def _storable(request, response):
        match = getattr(request, "resolver_match", None)
        return (
            match is not None
            and match.view_name in settings.PUBLIC_CACHE_URL_NAMES
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        )

    @staticmethod
    def _finalise(response, version):
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["Last-Modified"] = http_date(version // 1000)
        # Browsers revalidate every time (a 304 is cheap), so an edit shows at once.
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie"])
