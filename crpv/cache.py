"""The public page cache: whole pages stored per content version, with Django's cache framework.

- **One content version** (``content_version()``), kept in the shared cache: a change to public
  content (``watch()`` names the models; bulk writes call ``invalidate()``) sets a new one, and
  every page and fragment stored under the old one is ignored from then on, on every worker and
  every server that shares the cache.
- **Pages**: views decorated with ``@public_page`` are stored whole by ``PublicCacheMiddleware``
  for anonymous GET and HEAD requests, at their canonical address only (known parameters with a
  value, in a fixed order: anything else is redirected there first). A view that answers with
  ``Cache-Control: private`` (an unknown filter value, a page past the end, a search that found
  nothing) is served but not stored, so made-up addresses cannot fill the cache.
- **A version per model** (``model_versions()``): the same change sets the version of the
  model saved, so data read from a few models only is kept until one of them changes
  (``versioned(name, build, models=[…])``): the edit of a centre leaves the navigation and the
  theme choices as they were.
- **Data and fragments** that many pages share (navigation, theme choices, the départements
  served) are kept with ``versioned()``; the directory's cards under each centre's last
  change; the maps with ``{% cache %}``, keyed by what they show. The content version is read
  once per request (``_request_version``).
- **After an edit**, its writer builds again what the edit made stale and the next visitor
  would build (``watch(…, rebuild=…)``: the directory's map and the card of the centre
  edited), once the change is committed.
- **Copies in each worker**: pages, data and fragments go through the ``public`` cache
  (``LocalCopiesCache``), which keeps a copy of each in the worker's memory: their keys carry
  the version, so a copy is never stale. With Redis the version itself reaches every worker
  by publish/subscribe (``_VersionFeed``): a stored page then costs no round trip at all.
- **Failures**: the cache backends below answer "nothing stored" instead of raising when their
  server fails, so pages are then built from the database; a warning is logged at most once a
  minute and ``/healthz`` reports the cache as failing.
"""

import bisect
import contextvars
import datetime
import hashlib
import logging
import os
import pickle
import threading
import time
from collections import OrderedDict
from functools import partial, update_wrapper, wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, urlencode
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from crpv.compression import negotiated_encoding
from crpv.views import read_only

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
VERSION_CHANNEL = "content-version-feed"
PAGE_KEY = "page:{}:{}"

# After a failure, the cache is left alone this long (seconds): a hung server then costs one
# time-out every few seconds, not one per call.
RETRY_AFTER = 2.0
WARN_EVERY = 60.0
_state = {"skip_until": 0.0, "last_warning": 0.0}


def _failed(error):
    _state["skip_until"] = time.monotonic() + RETRY_AFTER
    _warn("Cache unavailable, pages are built from the database: %r", error)


def _warn(message, error):
    now = time.monotonic()
    if now - _state["last_warning"] >= WARN_EVERY:
        _state["last_warning"] = now
        logger.warning(message, error)


class FailSafeMixin:
    """Make a cache backend answer "nothing stored" instead of raising when its server fails.

    Reads return the default (or ``{}``), writes do nothing. After a failure the server is not
    asked again for ``RETRY_AFTER`` seconds. ``check()`` asks it anyway, for the health check.
    """

    errors = (RedisError, OSError, DatabaseError)

    def _safe(self, method, fallback, *args, **kwargs):
        if time.monotonic() < _state["skip_until"]:
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except self.errors as error:
            _failed(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._safe("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._safe("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._safe("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("set_many", [], data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("add", False, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._safe("delete", False, key, version)

    def clear(self):
        return self._safe("clear", None)

    def check(self):
        """Return True when the server stores and returns a value (raises nothing)."""
        try:
            super().set("healthz", "ok", 10)
            return super().get("healthz") == "ok"
        except self.errors as error:
            _failed(error)
            return False


class _OneClientPerPool(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django builds a new ``redis.Redis`` for every call, and redis-py builds its table of some
    165 response callbacks in each (redis/redis-py#3624): about half of what serving a stored
    page cost. The client is thread-safe; the pool is Django's, per server and process.
    """

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class FailSafeRedisCache(FailSafeMixin, RedisCache):
    """Django's Redis cache, skipped while Redis fails (production, with ``REDIS_URL``)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool


class FailSafeDatabaseCache(FailSafeMixin, DatabaseCache):
    """Django's database cache, skipped when a query fails (the default: shared by every
    worker and every server that share the database)."""


_ATOMS = (str, bytes, int, float, type(None))


def _immutable(value):
    """Return True if ``value`` is a tuple (or frozenset) of text, numbers, None and such
    tuples, at any depth: what nobody can change once read."""
    if isinstance(value, _ATOMS):
        return True
    return isinstance(value, (tuple, frozenset)) and all(_immutable(item) for item in value)


class LocalCopiesCache(BaseCache):
    """A cache backend keeping copies in this process's memory in front of a shared cache.

    For values that never change under their key only: keys that carry the content version
    (pages, cards, ``versioned`` data) or that name what they hold (the maps). Such a copy
    cannot go stale, so it needs no invalidation: a new version simply uses new keys, and old
    copies leave when the memory budget is full, least recently used first. This is what makes
    a stored page cost about as much as a static file (benchmarks/README.md).

    ``LOCATION`` names the shared cache alias (``default``); ``OPTIONS["MAX_BYTES"]`` is the
    budget of copies per process, in bytes (characters for text, kept as it is; a value over an
    eighth of it is kept shared only).
    Reads and writes go to the shared cache as well, so every process shares what one built.
    """

    def __init__(self, location, params):
        super().__init__(params)
        self._shared_alias = location or "default"
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 32 * 1024 * 1024))
        self._copies = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    @property
    def _shared(self):
        return caches[self._shared_alias]

    def _copy(self, key):
        with self._lock:
            copy = self._copies.get(key)
            if copy is None:
                return None
            self._copies.move_to_end(key)
        pickled, data, _size = copy
        # Our own pickles, made in this process.
        return pickle.loads(data) if pickled else data  # noqa: S301

    def _keep(self, key, value):
        # What no reader can change is kept as it is: text (the drawn items and fragments,
        # most of what is kept; a tenth of the directory's cost of reading its cards) and
        # tuples of text and numbers (the search's haystacks: unpickling them was a tenth of
        # a search's time). Anything else is pickled, so that a reader gets its own copy.
        if isinstance(value, (str, bytes)):
            pickled, data, size = False, value, len(value)
        elif _immutable(value):
            pickled, data, size = False, value, len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        else:
            pickled, data = True, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            size = len(data)
        if size > self._max_bytes // 8:
            return
        with self._lock:
            old = self._copies.pop(key, None)
            self._size += size - (old[2] if old is not None else 0)
            self._copies[key] = (pickled, data, size)
            while self._size > self._max_bytes:
                _, (_, _, dropped) = self._copies.popitem(last=False)
                self._size -= dropped

    def get(self, key, default=None, version=None):
        value = self._copy(key)
        if value is None:
            value = self._shared.get(key, version=version)
            if value is None:
                return default
            self._keep(key, value)
        return value

    def get_many(self, keys, version=None):
        found = {key: value for key in keys if (value := self._copy(key)) is not None}
        missing = [key for key in keys if key not in found]
        if missing:
            shared = self._shared.get_many(missing, version=version)
            for key, value in shared.items():
                self._keep(key, value)
            found.update(shared)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version=version)
        self._keep(key, value)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set_many(data, timeout, version=version)
        for key, value in data.items():
            self._keep(key, value)
        return []

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version=version)
        if added:
            self._keep(key, value)
        return added

    def delete(self, key, version=None):
        with self._lock:
            copy = self._copies.pop(key, None)
            if copy is not None:
                self._size -= copy[2]
        return self._shared.delete(key, version=version)

    def clear(self):
        """Forget this process's copies (the shared cache is cleared by its own alias)."""
        with self._lock:
            self._copies.clear()
            self._size = 0


def version_channel(shared) -> str:
    """Return the name of the Redis channel of the content version for the cache ``shared``
    (a ``FailSafeRedisCache``): its key prefix and its database number, since Redis channels
    are shared by every database of a server (two sites, or test runs, on one Redis with
    different database numbers must not hear each other's versions)."""
    pool = shared._cache._get_connection_pool(write=True)
    return f"{shared.make_key(VERSION_CHANNEL)}:db{pool.connection_kwargs.get('db', 0)}"


class _VersionFeed:
    """The content version, pushed to this process by Redis (publish and subscribe).

    Reading the version from the shared cache costs one round trip per request: as much as the
    rest of serving a stored page (benchmarks/README.md). So each process subscribes to a
    channel where ``bump_content_version`` publishes every new version, and reads what arrived
    with a non-blocking look at one socket per request. The writer waits until Redis has
    written the message to every subscriber (``publish``), so a request that follows an edit
    sees it.

    - The version is read from the shared cache once the subscription is confirmed, so no
      change published in between is missed.
    - Any error drops the subscription: the version is then read from the shared cache on
      every request, and a new subscription is tried ``RETRY_AFTER`` seconds later. A dropped
      connection is never reopened silently (it would no longer be subscribed).
    - Every ``CHECK_EVERY`` seconds the version is compared with the shared one all the same,
      in case a network lost a message without closing the connection.

    Only with Redis (``FailSafeRedisCache``); with the database cache ``current()`` is None.
    """

    CHECK_EVERY = 5.0

    def __init__(self):
        self._lock = threading.Lock()
        self._pid = None
        self._connection = None
        self._version = None
        self._check_at = 0.0
        self._retry_at = 0.0

    def current(self):
        """Return the latest version published, or None when there is no working feed."""
        shared = caches["default"]
        if not isinstance(shared, FailSafeRedisCache):
            return None
        with self._lock:
            if self._pid != os.getpid():  # a forked worker: the parent's socket is not ours
                self._connection, self._pid = None, os.getpid()
            now = time.monotonic()
            if self._connection is None:
                if now < max(self._retry_at, _state["skip_until"]):
                    return None
                self._subscribe(shared, now)
                return self._version if self._connection is not None else None
            try:
                while self._connection.can_read(timeout=0):
                    kind, _, data = self._connection.read_response(push_request=True)
                    if kind == b"message":
                        self._version = max(self._version, int(data))
            except (RedisError, OSError, ValueError, TypeError) as error:
                self._drop(now, error)
                return None
            if now >= self._check_at:
                self._check_at = now + self.CHECK_EVERY
                if shared.get(VERSION_KEY) != self._version:
                    self._drop(now)
                    return None
            return self._version

    def publish(self, version):
        """Tell every subscribed process that ``version`` is the current one."""
        shared = caches["default"]
        if not isinstance(shared, FailSafeRedisCache) or time.monotonic() < _state["skip_until"]:
            return
        with self._lock:
            if self._version is not None:
                self._version = max(self._version, version)
        try:
            client = shared._cache.get_client(write=True)
            client.publish(version_channel(shared), version)
            # Redis may answer the PUBLISH a moment before it writes the message to the
            # subscribers (both leave in the same pass of its event loop, in no set order).
            # By the time a later command is answered, that pass is over: after this PING
            # every subscriber has the message, before the edit's own response leaves.
            client.ping()
        except (RedisError, OSError) as error:
            _failed(error)

    def _subscribe(self, shared, now):
        pool = shared._cache._get_connection_pool(write=True)
        connection = pool.connection_class(**pool.connection_kwargs)
        connection.retry = Retry(NoBackoff(), 0)
        try:
            connection.connect()
            connection.send_command("SUBSCRIBE", version_channel(shared))
            # The confirmation (a RESP3 push): messages from now on reach us.
            connection.read_response(push_request=True)
            version = shared.get(VERSION_KEY)
            if version is None:  # none yet
                shared.add(VERSION_KEY, int(time.time() * 1000), None)
                version = shared.get(VERSION_KEY)
        except (RedisError, OSError) as error:
            connection.disconnect()
            self._drop(now, error)
            return
        if version is None:  # the fail-safe cache failed: content_version() copes
            connection.disconnect()
            return
        self._connection, self._version = connection, version
        self._check_at = now + self.CHECK_EVERY

    def _drop(self, now, error=None):
        if self._connection is not None:
            self._connection.disconnect()
        self._connection, self._version = None, None
        self._retry_at = now + RETRY_AFTER
        if error is not None:
            # The feed alone: the cache itself may well work (its own errors say otherwise).
            _warn("Content version feed lost, read from the cache meanwhile: %r", error)


_feed = _VersionFeed()

# The version read once at the start of an anonymous request (PublicCacheMiddleware): every
# part of the page is then read at that version.
_request_version = contextvars.ContextVar("content_version", default=None)


def content_version() -> int:
    """Return the current content version (milliseconds since the epoch of the last change).

    From the Redis feed when there is one (no round trip), otherwise from the shared cache;
    set on first use. With the cache unreachable, a new value on every call (nothing is
    stored then anyway). When a scheduled change (``watch_schedule``) has come since the last
    edit, the version is the time of that change instead (``scheduled_version``).
    """
    version = _request_version.get()
    if version is not None:
        return version
    return scheduled_version(_edited_version())


def _edited_version():
    """Return the version set by the last edit (``bump_content_version``)."""
    version = _feed.current()
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), None)
        version = cache.get(VERSION_KEY) or int(time.time() * 1000)
    return version


# Functions giving the times at which public content changes by itself, with no edit (a news
# item scheduled for 9:00), and the models they read: ``watch_schedule``.
_schedules = []
# Times kept per version of the models they read: a few scheduled items at most between two
# edits of those models (news.apps).
SCHEDULE_KEY = "schedule:{}"
# The times read last in this process, with the version they were read for: the same until
# the next edit, and reading them from the worker's copies cost 15 µs a request, a tenth of
# serving a stored page (benchmarks/README.md).
_last_schedule = (None, [])


def watch_schedule(times, models=None):
    """Make the public pages change at the times ``times(since)`` returns, with nothing to run.

    ``times`` takes an aware datetime and returns the aware datetimes after it at which public
    content changes by itself (the publication times of scheduled news items), in any order.
    ``models`` (watched model classes) are those it reads: it then runs once per change of
    one of them; without, once per content version. Never per request: see
    ``scheduled_version``. Call it from an app's ``ready()``.
    """
    _schedules.append((times, models))


def scheduled_version(version: int) -> int:
    """Return the content version to read at this moment, given ``version``, the one set by
    the last edit (milliseconds since the epoch, the time of that edit).

    The times of the scheduled changes are listed once per version of the models they read
    (``watch_schedule``; after the last change of those models, so an edit elsewhere lists
    nothing again) and kept in the ``public`` cache (with a copy in each worker: no round
    trip); each process keeps the last ones it read until ``version`` moves. When one of them
    has passed, the version is that time, in milliseconds: greater than ``version``, so the
    pages, fragments and data stored before it are no longer read, on every worker, from the
    first request after it. A later edit sets a version greater still
    (``bump_content_version``).
    """
    global _last_schedule
    if not _schedules:
        return version
    read_at, times = _last_schedule
    if read_at != version:
        since = [data_version(models, version) for _, models in _schedules]
        key = SCHEDULE_KEY.format(":".join(map(str, since)))
        times = caches["public"].get(key)
        if times is None:
            try:
                times = _schedule_times(since)
            except DatabaseError:
                # Pages fail too then, and /healthz says why: nothing is stored meanwhile.
                return version
            caches["public"].set(key, times, settings.PUBLIC_CACHE_TIMEOUT)
        _last_schedule = (version, times)
    now = int(timezone.now().timestamp() * 1000)
    passed = bisect.bisect_right(times, now)
    return max(version, times[passed - 1]) if passed else version


def _schedule_times(since):
    moments = []
    for (times, _), after in zip(_schedules, since, strict=True):
        moments.extend(times(datetime.datetime.fromtimestamp(after / 1000, tz=datetime.UTC)))
    return sorted(int(moment.timestamp() * 1000) for moment in moments)


# The version of each watched model (``watch``): the time of its last change, in milliseconds,
# kept in the shared cache. ``ALL`` is the version of every model at once (``invalidate()``
# without a model: a bulk write, a new search index).
MODEL_VERSION_KEY = "content-version:{}"
MODEL_VERSIONS_KEY = "model-versions:{}"
ALL = "*"
_watched = set()


def bump_content_version(*models) -> int:
    """Set a new content version, greater than the last one, and publish it; return it.

    ``models`` (model classes) are those whose content changed: their own versions move too
    (``model_versions``). Without any, every model's version moves (``ALL``).
    """
    # The clock of the scheduled changes (``scheduled_version``): django.utils.timezone's.
    version = max(int(timezone.now().timestamp() * 1000), (cache.get(VERSION_KEY) or 0) + 1)
    # The models' versions first: a process that sees the new content version then reads
    # them at least as new (``model_versions``).
    labels = [model._meta.label_lower for model in models] or [ALL]
    cache.set_many({MODEL_VERSION_KEY.format(label): version for label in labels}, None)
    cache.set(VERSION_KEY, version, None)
    _feed.publish(version)
    return version


def invalidate(*models, instance=None):
    """Make every stored page stale, and the data kept for ``models`` (model classes; all
    data without any), now and again once the transaction commits; then, once it commits,
    build again what ``watch(…, rebuild=…)`` names for them (for all without models), given
    ``instance``, the object saved (None for a bulk write or a deletion).

    Now, for this transaction's own later reads; after the commit, because a page built by
    another request in between would still show the old content. Bulk writes, which send no
    signal, call this themselves. Called several times in one transaction (the admin saves a
    centre, then its départements and themes), it sets one version after the commit, before
    the first rebuild (``_bump_committed``): what the first rebuild builds, the next find.
    """
    bump_content_version(*models)
    _uncommitted.__dict__.setdefault("models", set()).update(models or [ALL])
    transaction.on_commit(_bump_committed)
    for rebuild in [r for model in models or _rebuilds for r in _rebuilds.get(model, ())]:
        # robust: a rebuild that fails is logged (under the rebuild's name), and the change
        # stands: the next visitor builds the data instead.
        transaction.on_commit(update_wrapper(partial(rebuild, instance), rebuild), robust=True)


def _bump_committed():
    # The first of a commit's callbacks sets the versions of every model the transaction
    # changed, the next find none. A change rolled back waits in the set for the next
    # commit: a version more than needed then, never one too few.
    changed, _uncommitted.models = getattr(_uncommitted, "models", set()), set()
    if changed:
        bump_content_version(*(() if ALL in changed else changed))


def _invalidate_on_signal(sender, signal, instance=None, action=None, **kwargs):
    # The sender of m2m_changed is the intermediate model: the owner is the one that changed
    # (``instance`` is the other side's object when changed from that side); its "pre_"
    # actions change nothing yet. A deleted object has nothing to draw: its rebuild gets None.
    if action is not None and action.startswith("pre_"):
        return
    model = _owners.get(sender, sender)
    kept = isinstance(instance, model) and signal is not post_delete
    invalidate(model, instance=instance if kept else None)


# The model whose version an intermediate (many-to-many) model's changes move.
_owners = {}
# What a change to a model makes stale and its writer builds again: {model: [rebuild]}.
_rebuilds = {}
# The models this thread's transaction changed, not yet given a version since its commit.
_uncommitted = threading.local()


def watch(model, m2m_fields=(), rebuild=None):
    """Invalidate the public pages, and the data kept for ``model``, whenever ``model`` (or
    one of its ``m2m_fields``) changes.

    Call it from an app's ``ready()`` for each model whose content visitors see. Models left
    out (history rows, pending imports, users) change nothing public and empty nothing.

    ``rebuild(instance)`` (``instance`` the object saved, or None after a bulk write or a
    deletion), run in the writer's process once the change is committed and the new version
    set, builds and stores what the change made stale and the next visitor would otherwise
    build: the directory's map and the card of the centre edited (``centres.views``). The
    first request after an edit is then as fast as any other, on every worker and server
    (they share the cache); the writer pays instead, a few milliseconds per save
    (benchmarks/README.md).
    """
    uid = f"public-cache-{model._meta.label}"
    _watched.add(model._meta.label_lower)
    if rebuild is not None:
        _rebuilds.setdefault(model, []).append(rebuild)
    post_save.connect(_invalidate_on_signal, sender=model, dispatch_uid=uid)
    post_delete.connect(_invalidate_on_signal, sender=model, dispatch_uid=uid)
    for name in m2m_fields:
        through = model._meta.get_field(name).remote_field.through
        _owners[through] = model
        m2m_changed.connect(_invalidate_on_signal, sender=through, dispatch_uid=f"{uid}-{name}")


def model_versions(version=None) -> dict:
    """Return {model label: version} for every watched model at the content version
    ``version`` (the current one by default): the time of the model's last change in
    milliseconds, or later.

    Read from the shared cache once per content version, and kept under it in the ``public``
    cache (a copy in each process: no round trip after the first request of a version). A
    model whose version is missing (never changed, or evicted) gets the content version: newer
    than its last change, so nothing stale is read under it.
    """
    version = content_version() if version is None else version
    key = MODEL_VERSIONS_KEY.format(version)
    found = caches["public"].get(key)
    if found is None:
        keys = {MODEL_VERSION_KEY.format(label): label for label in sorted(_watched | {ALL})}
        stored = cache.get_many(list(keys))
        for missing in keys.keys() - stored.keys():
            # Set once, so that the next content versions find the same one.
            cache.add(missing, version, None)
            stored[missing] = version
        latest = stored[MODEL_VERSION_KEY.format(ALL)]
        found = {label: max(stored[key], latest) for key, label in keys.items()}
        caches["public"].set(key, found, settings.PUBLIC_CACHE_TIMEOUT)
    return found


def versioned(name, build, models=None):
    """Return ``build()``, computed once per content version and kept in the shared cache
    (with a copy in each process, ``LocalCopiesCache``).

    For data that many pages show and only an edit changes (navigation, filter lists). The
    value must pickle; ``name`` must be one of a few fixed names, never built from a request.
    With ``models`` (model classes), the data is kept instead while none of those models
    changes (``model_versions``): for data read from them alone, which the edit of another
    model, or a new day, leaves as it was.
    """
    return versioned_many({name: models}, lambda names: {name: build()})[name]


def versioned_many(models_by_name, build):
    """Return {name: value} for each name of ``models_by_name`` ({name: model classes, or
    None}), each kept as ``versioned(name, …, models)`` keeps it; ``build(names)`` returns
    {name: value} for the names not kept, all at once (one query for several lists)."""
    keys = {name: f"{name}:{data_version(models)}" for name, models in models_by_name.items()}
    found = caches["public"].get_many(list(keys.values()))
    missing = [name for name, key in keys.items() if key not in found]
    if missing:
        built = {keys[name]: value for name, value in build(missing).items()}
        caches["public"].set_many(built, settings.PUBLIC_CACHE_TIMEOUT)
        found.update(built)
    return {name: found[key] for name, key in keys.items()}


def public_cache_timeout(request):
    """Context processor: ``{{ public_cache_timeout }}``, the seconds a ``{% cache %}``
    fragment is kept (``PUBLIC_CACHE_TIMEOUT``, as the pages and data of this cache)."""
    return {"public_cache_timeout": settings.PUBLIC_CACHE_TIMEOUT}


def data_version(models=None, version=None) -> int:
    """Return the version under which data read from ``models`` (model classes; every public
    model without) is kept at the content version ``version`` (the current one by default):
    the latest of their versions (``model_versions``), or the content version itself without
    models. For keys of fragments drawn from such data (``{% cache %}``)."""
    version = content_version() if version is None else version
    if models is None:
        return version
    versions = model_versions(version)
    return max(versions.get(model._meta.label_lower, versions[ALL]) for model in models)


def versioned_object_or_404(queryset, **lookups):
    """Return ``queryset.get(**lookups)``, kept per content version in the ``public`` cache,
    with whatever the queryset prefetches; raise Http404 when there is no such object.

    For the object of a detail page (a centre, a page), found by its slug: its queries and
    model instances cost more than the rest of the page. Only objects that exist are stored,
    so made-up slugs store nothing. Check publication and rights on what it returns.
    """
    label = queryset.model._meta.label_lower
    key = f"object:{content_version()}:{label}:" + ":".join(
        f"{name}={value}" for name, value in sorted(lookups.items())
    )
    found = caches["public"].get(key)
    if found is None:
        found = get_object_or_404(queryset, **lookups)
        caches["public"].set(key, found, settings.PUBLIC_CACHE_TIMEOUT)
    return found


def canonical_query(query_dict, params):
    """Return the canonical query string of ``query_dict``: the names in ``params`` only, in
    that order, each with its value as the views read it (``crpv.listing.clean_params``,
    the last one of a repeated name), without empty values (``?q=lyon&region=&foo=1`` is
    ``q=lyon``; ``?region=%01`` is empty): made-up variants of one page all lead to it."""
    # Imported here: crpv.listing reads centres.search, which imports this module.
    from crpv.listing import clean_params

    cleaned = clean_params(query_dict)
    return urlencode([(name, cleaned[name]) for name in params if cleaned.get(name)])


def public_page(view=None, *, params=()):
    """Decorate a public view: GET and HEAD only, stored by the page cache when anonymous.

    ``params`` names the query parameters the view reads. A request whose query string is not
    in canonical form (``canonical_query``) is redirected to it, so that one page has one
    address, and the cache one entry. The view marks a response it does not want stored with
    ``Cache-Control: private`` (``patch_cache_control(response, private=True)``).
    """

    def decorator(view):
        # GET and HEAD only, any other method 405, no CSRF check: such a view reads, never
        # writes (``crpv.views.read_only``).
        @read_only
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            canonical = canonical_query(request.GET, params)
            if canonical != request.META.get("QUERY_STRING", ""):
                return HttpResponseRedirect(request.path + (f"?{canonical}" if canonical else ""))
            response = view(request, *args, **kwargs)
            response.public_page = True
            return response

        return wrapped

    return decorator(view) if view is not None else decorator


class PublicCacheMiddleware:
    """Serve anonymous GETs of ``@public_page`` views from the cache, and store them there.

    Placed before the session, authentication and CSP middlewares (see settings), so that a
    stored page costs about as much as a static file. Requests carrying a session or a
    messages cookie (staff, previews, flash messages) are neither served from the cache nor
    stored, and neither are responses that set a cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
        ):
            return self.get_response(request)
        if not settings.PUBLIC_CACHE_ENABLED:
            return self._build(request, content_version())
        # Validate the Host header here, since a stored page skips CommonMiddleware's check.
        request.get_host()
        version = content_version()
        # One copy per encoding the page is sent in (compressed inside this middleware).
        path = f"{negotiated_encoding(request)} {request.get_full_path()}".encode(
            "utf-8", "surrogateescape"
        )
        key = PAGE_KEY.format(version, hashlib.sha256(path).hexdigest())
        stored = caches["public"].get(key)
        if stored is not None:
            return self._conditional(request, stored, version)
        response = self._build(request, version)
        if (
            not getattr(response, "public_page", False)
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or "private" in response.get("Cache-Control", "")
        ):
            return response
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["Last-Modified"] = http_date(version // 1000)
        # Browsers revalidate every time (a 304 is cheap), so an edit shows at once.
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie"])
        caches["public"].set(key, response, settings.PUBLIC_CACHE_TIMEOUT)
        return self._conditional(request, response, version)

    def _build(self, request, version):
        token = _request_version.set(version)
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)

    @staticmethod
    def _conditional(request, response, version):
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=version // 1000, response=response
        )
