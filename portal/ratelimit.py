"""Fixed-window counters in the shared cache, for the portal's own rate limits.

allauth limits the account forms; these count everything else (guest registrations,
questions, forum posts, survey answers). The cache is shared by every worker process.
"""

from django.core.cache import cache


def count_hit(key: str, *, window_seconds: int) -> int:
    """Count one hit under `key` and return the hits in the current window."""
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        return 1


def client_address(request) -> str:
    """The client's address as the server sees it (the proxy sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
