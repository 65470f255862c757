"""Django's Redis cache with one client object per connection pool, and without
memcached's key checks.

Django builds a new `redis.Redis` for every cache call. Its constructor copies redis-py's
table of response callbacks, which costs about as much as the round trip to Redis itself;
a page makes several cache calls. One client per pool and process is enough, and it keeps
one connection (`single_connection_client`, used under the client's lock, so threads take
turns): taking a connection from the pool and giving it back cost about a third of a
page-cache hit's Python time (with a poll of the socket each time), more than the command's
own packing and parsing. redis-py reconnects it after a failure, as it does pooled ones.

Django checks every key, character by character, against memcached's limits (length,
spaces, control characters) and warns; Redis keys may hold any bytes, so the check is
left out, as Django's documentation suggests for backends that accept a wider range of
keys. A page-cache hit reads the versions of its entry with one `MGET` (the event index's
about 20 seat versions among them).

Django's `incr` asks Redis whether the key exists, then increments it: two round trips
for every version bump (`portal.cache.bump`; a registration bumps four). Here one small
Lua script does both in Redis, run by its SHA (`EVALSHA`, loaded again when Redis has
forgotten it): one round trip, and no window in which the key can expire between the two.
A missing key still raises `ValueError`, as Django's does. `incr_many` increments several
keys with one run of the script (the seat versions a registration bumps together).
"""

import os

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

#: INCRBY each existing key; nil (None) for a missing one, which stays missing.
INCR_EXISTING = """
local values = {}
for i, key in ipairs(KEYS) do
    if redis.call('EXISTS', key) == 1 then
        values[i] = redis.call('INCRBY', key, ARGV[1])
    else
        values[i] = false
    end
end
return values
"""


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        # A kept connection that Redis dropped (a restart, an idle timeout) fails its next
        # command once; a pool would have made a new one first. One retry makes it again.
        # A command that reached Redis before the drop may run twice: versions only need
        # to change, and the rest is set, add and delete.
        self._pool_options.setdefault("retry", Retry(NoBackoff(), 1))
        self._pool_options.setdefault("retry_on_error", [RedisConnectionError])
        self._incr_existing = None

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        # A process of its own (a forked worker) gets a connection of its own.
        found = (id(pool), os.getpid())
        client = self._clients.get(found)
        if client is None:
            client = self._clients[found] = self._client(
                connection_pool=pool, single_connection_client=True
            )
        return client

    def incr(self, key, delta):
        """Django's `incr` (`ValueError` when the key is missing) in one round trip."""
        value = self.incr_many([key], delta)[0]
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def incr_many(self, keys, delta):
        """Increment each existing key; the new values, None for a missing key."""
        client = self.get_client(None, write=True)
        if self._incr_existing is None:
            self._incr_existing = client.register_script(INCR_EXISTING)
        return self._incr_existing(keys=keys, args=[delta], client=client)


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def validate_key(self, key):
        """Redis accepts any key: no memcached warnings."""

    def incr_many(self, keys, delta=1, version=None):
        """Increment the existing ones of `keys` (by `delta`) in one round trip; their
        new values by key (like `get_many`, without the missing ones)."""
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        values = self._cache.incr_many(made, delta) if made else []
        return {
            key: value
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }
