import os
import warnings

import pytest
import redis

from portal.cache_backends import PortalRedisCache

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    cache = PortalRedisCache(REDIS_URL, {"KEY_PREFIX": "portal-cache-backend-test"})
    yield cache
    cache.clear()


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
