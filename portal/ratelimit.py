"""Fixed-window counters in the shared cache for the portal's own rate limits, and the
client's address that they and allauth's limits count by.

allauth limits the account forms; these count everything else (guest registrations,
questions, forum posts, survey answers). The cache is shared by every worker process.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def window_key(key: str, *, window_seconds: int, now: float | None = None) -> str:
    """The cache key of the fixed window that `now` falls in."""
    now = time.time() if now is None else now
    return f"{key}:w{window_seconds}:{int(now // window_seconds)}"


def seconds_left(*, window_seconds: int, now: float | None = None) -> int:
    """Seconds until the current fixed window ends (for `Retry-After`), at least 1."""
    now = time.time() if now is None else now
    return max(1, int(window_seconds - now % window_seconds))


def count_hit(key: str, *, window_seconds: int, now: float | None = None) -> int:
    """Count one hit under `key` and return the hits in the current window.

    Each window has a key of its own, so a counter never outlives its window. Django's
    database and file caches implement `incr()` as a `get()` and a `set()` with the
    default timeout (five minutes), so after counting the entry's expiry is set again
    to the end of the window: the count holds for the whole window on every backend.
    """
    now = time.time() if now is None else now
    current = window_key(key, window_seconds=window_seconds, now=now)
    timeout = seconds_left(window_seconds=window_seconds, now=now) + 1
    if cache.add(current, 1, timeout=timeout):
        return 1
    try:
        hits = cache.incr(current)
    except ValueError:  # the entry expired between add() and incr()
        cache.set(current, 1, timeout=timeout)
        return 1
    cache.touch(current, timeout=timeout)
    return hits


def hits_in_window(key: str, *, window_seconds: int, now: float | None = None) -> int:
    """The hits counted under `key` in the current window, without counting one."""
    return cache.get(window_key(key, window_seconds=window_seconds, now=now)) or 0


def client_address(request) -> str:
    """The client's address, the one place every per-address limit (allauth's too, through
    `portal.adapters.AccountAdapter.get_client_ip`) reads it from.

    With `PORTAL_TRUSTED_PROXY_COUNT` = 0 it is `REMOTE_ADDR`. Behind N trusted proxies,
    each appending the address it received the connection from to `X-Forwarded-For`, the
    client is the N-th address from the right; anything left of it was written by the
    client and is ignored. A header shorter than N (the request did not come through
    every proxy) or an entry that is not an IP address leaves `REMOTE_ADDR`.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    count = settings.PORTAL_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote
