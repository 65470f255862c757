"""Django's Redis cache with one client object per connection pool, and without
memcached's key checks.

Django builds a new `redis.Redis` for every cache call. Its constructor copies redis-py's
table of response callbacks, which costs about as much as the round trip to Redis itself;
a page makes several cache calls. The client is thread-safe and holds no state besides its
pool, so one per pool is enough.

Django checks every key, character by character, against memcached's limits (length,
spaces, control characters) and warns; Redis keys may hold any bytes, so the check is
left out, as Django's documentation suggests for backends that accept a wider range of
keys. A page-cache hit reads the versions of its entry with one `MGET` (the event index's
about 20 seat versions among them).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def validate_key(self, key):
        """Redis accepts any key: no memcached warnings."""
