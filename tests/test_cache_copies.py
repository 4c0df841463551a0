"""Copies of stored pages in each process (LocalCopiesCache) and the version pushed by Redis
(the feed): a stored page is served without a round trip, and never after an edit."""

import pytest
from django.core.cache import caches
from django.test import Client

from crpv import cache as public_cache
from crpv.cache import LocalCopiesCache, bump_content_version, content_version

pytestmark = pytest.mark.django_db


class CountingCache:
    """A stand-in for the shared cache that counts its calls."""

    def __init__(self):
        self.data, self.calls = {}, 0

    def get(self, key, default=None, version=None):
        self.calls += 1
        return self.data.get(key, default)

    def get_many(self, keys, version=None):
        self.calls += 1
        return {key: self.data[key] for key in keys if key in self.data}

    def set(self, key, value, timeout=None, version=None):
        self.calls += 1
        self.data[key] = value

    def set_many(self, data, timeout=None, version=None):
        self.calls += 1
        self.data.update(data)
        return []

    def delete(self, key, version=None):
        self.calls += 1
        return self.data.pop(key, None) is not None


@pytest.fixture
def copies(monkeypatch):
    shared = CountingCache()
    local = LocalCopiesCache("shared", {"OPTIONS": {"MAX_BYTES": 80_000}})
    monkeypatch.setattr(LocalCopiesCache, "_shared", property(lambda self: shared))
    return local, shared


def test_a_value_read_once_from_the_shared_cache_is_then_read_from_memory(copies):
    local, shared = copies
    shared.data["page:1:a"] = "<html>"
    assert local.get("page:1:a") == "<html>"
    assert local.get("page:1:a") == "<html>"
    assert local.get_many(["page:1:a"]) == {"page:1:a": "<html>"}
    assert shared.calls == 1


def test_text_is_kept_as_it_is_and_other_values_as_copies(copies):
    local, shared = copies
    fragment = "<li>une carte</li>" * 10
    local.set("card:1", fragment)
    local.set("data:1", {"themes": ["a"]})
    # Text cannot be changed by whoever reads it: the same object, not a copy of a pickle.
    assert local.get("card:1") is fragment
    # Anything else: each read its own copy, so that changing one leaves the next as stored.
    local.get("data:1")["themes"].append("b")
    assert local.get("data:1") == {"themes": ["a"]}


def test_tuples_of_text_and_numbers_are_kept_as_they_are_and_tuples_of_lists_as_copies(copies):
    local, shared = copies
    haystacks = ((1, " lyon"), (2, " cergy"), (3, None, 1.5, frozenset({"a"})))
    local.set("haystacks:1", haystacks)
    local.set("rows:1", ((1, ["a"]),))
    # Nobody can change such a tuple: every reader gets the object stored, not an unpickled copy.
    assert local.get("haystacks:1") is haystacks
    assert local.get_many(["haystacks:1"])["haystacks:1"] is haystacks
    # A tuple holding a list can be changed through it: a copy for each reader.
    local.get("rows:1")[0][1].append("b")
    assert local.get("rows:1") == ((1, ["a"]),)


def test_a_tuple_counts_in_the_budget_by_the_size_of_its_pickle(copies):
    local, shared = copies
    local.set("small:1", ("x",) * 10)
    assert 10 < local._size < 200
    local.set("large:1", tuple(f"{n}" * 9_000 for n in range(3)))  # 27 KB: over 80 KB / 8
    assert "large:1" not in local._copies
    local.delete("small:1")
    assert local._size == 0


def test_a_value_written_goes_to_the_shared_cache_too(copies):
    local, shared = copies
    local.set("card:1:7", "carte")
    assert shared.data == {"card:1:7": "carte"}
    assert local.get("card:1:7") == "carte"
    assert shared.calls == 1


def test_copies_stay_within_their_memory_budget_least_recently_used_first(copies):
    local, shared = copies
    for n in range(20):
        local.set(f"page:1:{n}", "x" * 9_000)
        local.get("page:1:0")  # kept in use
    assert local._size <= 80_000
    shared.calls = 0
    local.get("page:1:0")
    local.get("page:1:19")
    assert shared.calls == 0
    local.get("page:1:1")  # long evicted: read from the shared cache again
    assert shared.calls == 1


def test_a_value_larger_than_an_eighth_of_the_budget_is_kept_shared_only(copies):
    local, shared = copies
    local.set("export:1", "x" * 20_000)
    shared.calls = 0
    assert local.get("export:1") == "x" * 20_000
    assert shared.calls == 1


def test_clear_forgets_the_copies(copies):
    local, shared = copies
    local.set("page:1:a", "avant")
    local.clear()
    shared.data["page:1:a"] = "partagé"
    assert local.get("page:1:a") == "partagé"


# The version pushed by Redis


@pytest.fixture
def redis_cache(settings, tmp_path, redis_server):
    """The Redis cache as in production, in a database and under a prefix of its own."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "crpv.cache.FailSafeRedisCache",
            "LOCATION": f"{redis_server}/13",
            "KEY_PREFIX": f"test-feed-{tmp_path.name}",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    public_cache._feed.__init__()
    caches["public"].clear()
    yield caches["default"]
    public_cache._feed._drop(0)
    caches["default"].clear()


def other_process_bumps(shared):
    """Set and publish a new version as another process would: its own connection; every
    model's version first, as ``bump_content_version()`` does."""
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/13")
    version = shared.get("content-version") + 1000
    for key in ("content-version:*", "content-version"):
        client.set(shared.make_key(key), shared._cache._serializer.dumps(version))
    client.publish(public_cache.version_channel(shared), version)
    client.ping()  # as bump_content_version does: the subscribers have the message now
    client.close()
    return version


def test_a_version_published_for_another_redis_database_is_not_heard(redis_cache):
    import redis

    first = content_version()
    assert public_cache._feed.current() == first
    # Another site (or test run) on the same server, database 12, same key prefix: Redis
    # channels ignore the database number, so the channel's name carries it.
    client = redis.Redis.from_url("redis://127.0.0.1:6379/12")
    channel = public_cache.version_channel(redis_cache)
    assert channel.endswith(":db13")
    client.publish(channel.replace(":db13", ":db12"), first + 1000)
    client.ping()
    client.close()
    assert content_version() == first


def test_the_version_comes_from_the_feed_without_a_round_trip(redis_cache, monkeypatch):
    first = content_version()
    assert public_cache._feed.current() == first  # subscribed
    calls = []
    original = type(redis_cache).get
    monkeypatch.setattr(
        type(redis_cache), "get", lambda self, *a, **k: calls.append(a) or original(self, *a, **k)
    )
    for _ in range(10):
        assert content_version() == first
    assert calls == []


def test_a_version_published_by_another_process_is_seen_on_the_next_call(redis_cache):
    content_version()
    assert public_cache._feed.current() is not None
    newer = other_process_bumps(redis_cache)
    assert content_version() == newer


def test_a_stored_page_is_served_without_asking_redis(redis_cache, make_centre, monkeypatch):
    make_centre(name="Ville Caraïbe")
    client = Client()
    client.get("/centres/")
    client.get("/centres/")  # subscribed, copy kept
    calls = []
    for name in ("get", "get_many", "set"):
        original = getattr(type(redis_cache), name)
        monkeypatch.setattr(
            type(redis_cache),
            name,
            lambda self, *a, _name=name, _original=original, **k: (
                calls.append(_name) or _original(self, *a, **k)
            ),
        )
    assert "Ville Caraïbe" in client.get("/centres/").content.decode()
    assert calls == []


def test_an_edit_in_another_process_shows_on_the_next_request(redis_cache, make_centre):
    centre = make_centre(name="Avant")
    client = Client()
    client.get("/centres/")
    client.get("/centres/")
    type(centre).objects.filter(pk=centre.pk).update(name="Après")  # no signal here
    other_process_bumps(redis_cache)
    assert "Après" in client.get("/centres/").content.decode()


def test_a_lost_subscription_falls_back_to_the_shared_version(redis_cache):
    import redis

    content_version()
    client = redis.Redis.from_url("redis://127.0.0.1:6379/13")
    # As a Redis restart or a proxy would: this process's subscription only (other programs
    # may share the server).
    host, port = public_cache._feed._connection._sock.getsockname()[:2]
    client.execute_command("CLIENT", "KILL", "ADDR", f"{host}:{port}")
    client.close()
    newer = bump_content_version()
    assert content_version() == newer
    assert public_cache._feed.current() is None  # dropped, tried again later


def test_a_message_lost_without_a_closed_connection_is_caught_by_the_periodic_check(
    redis_cache, monkeypatch
):
    content_version()
    # Another process sets a new version but its message never arrives.
    redis_cache.set("content-version", content_version() + 1000, None)
    assert content_version() != redis_cache.get("content-version")
    monkeypatch.setattr(public_cache._feed, "_check_at", 0.0)  # CHECK_EVERY seconds later
    assert content_version() == redis_cache.get("content-version")
