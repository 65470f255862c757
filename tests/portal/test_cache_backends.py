import os
import warnings

import pytest
import redis

from portal.cache_backends import PortalRedisCache

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache():
    probe = redis.Redis.from_url(REDIS_URL)
    try:
        probe.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    finally:
        probe.close()
    cache = PortalRedisCache(REDIS_URL, {"KEY_PREFIX": "portal-cache-backend-test"})
    yield cache
    cache.clear()
    for client in cache._cache._clients.values():  # its kept connections
        client.close()
        client.connection_pool.disconnect()


def test_the_redis_cache_reuses_one_client_per_connection_pool(redis_cache):
    first = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b") is first
    assert redis_cache._cache.get_client("c", write=True) is first


def test_the_redis_cache_with_a_reused_client_reads_and_writes(redis_cache):
    redis_cache.set("greeting", {"fi": "Hei"}, timeout=60)
    redis_cache.set_many({"a": 1, "b": 2}, timeout=60)
    assert redis_cache.get("greeting") == {"fi": "Hei"}
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    assert redis_cache.incr("a") == 2
    redis_cache.delete("greeting")
    assert redis_cache.get("greeting", "gone") == "gone"


def test_the_redis_cache_accepts_keys_memcached_would_warn_about(redis_cache):
    key = "portal:page " + "x" * 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        redis_cache.set(key, 1, timeout=60)
        assert redis_cache.get_many([key]) == {key: 1}


def test_the_client_keeps_one_connection_and_a_new_process_gets_its_own(
    redis_cache, monkeypatch
):
    client = redis_cache._cache.get_client("a")
    redis_cache.set("a", 1, timeout=60)
    connection = client.connection
    assert redis_cache.get("a") == 1
    assert client.connection is connection  # not handed back to the pool

    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a forked worker
    other = redis_cache._cache.get_client("a")
    assert other is not client
    assert other.connection is not connection
    assert redis_cache.get("a") == 1
    other.close()


def test_the_kept_connection_is_made_again_after_redis_dropped_it(redis_cache):
    redis_cache.set("a", 1, timeout=60)
    client = redis_cache._cache.get_client("a")
    killer = redis.Redis.from_url(REDIS_URL)
    killer.client_kill_filter(_id=client.client_id())
    killer.close()

    assert redis_cache.get("a") == 1


@pytest.fixture
def commands(redis_cache):
    """The names of the commands the cache's client sends."""
    client = redis_cache._cache.get_client()
    sent = []
    real = client.execute_command

    def counting(*args, **options):
        sent.append(args[0])
        return real(*args, **options)

    client.execute_command = counting
    yield sent
    del client.execute_command


def test_incr_takes_one_round_trip_and_refuses_a_missing_key(redis_cache, commands):
    redis_cache.set("version", 41, timeout=None)
    commands.clear()
    assert redis_cache.incr("version") == 42
    assert redis_cache.incr("version", 3) == 45
    assert commands == ["EVALSHA", "EVALSHA"]

    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("missing")
    assert redis_cache.get("missing") is None  # not created


def test_incr_many_increments_the_existing_keys_with_one_round_trip(
    redis_cache, commands
):
    redis_cache.set_many({"a": 1, "b": 10}, timeout=None)
    commands.clear()
    assert redis_cache.incr_many(["a", "missing", "b"]) == {"a": 2, "b": 11}
    assert commands == ["EVALSHA"]
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 2, "b": 11}
    assert redis_cache.incr_many([]) == {}


def test_incr_works_again_after_redis_forgot_the_script(redis_cache):
    redis_cache.set("version", 1, timeout=None)
    assert redis_cache.incr("version") == 2
    redis_cache._cache.get_client().script_flush()
    assert redis_cache.incr("version") == 3


def test_a_version_bump_takes_one_round_trip_for_several_versions(
    redis_cache, commands, monkeypatch
):
    from portal import cache as portal_cache

    monkeypatch.setattr(portal_cache, "cache", redis_cache)
    redis_cache.set("seats", 5, timeout=None)
    portal_cache.bump("seats", "listed", safely=False)
    started = redis_cache.get("listed")  # the missing one started
    assert started is not None
    assert redis_cache.get("seats") == 6
    commands.clear()
    portal_cache.bump("seats", "listed", safely=False)
    assert commands == ["EVALSHA"]
    assert redis_cache.get_many(["seats", "listed"]) == {
        "seats": 7,
        "listed": started + 1,
    }
