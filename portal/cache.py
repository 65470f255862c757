"""Version counters that expire cached layout fragments, cached permission sets and the
cached answer to "has any page a view restriction?".

Rendering the header, breadcrumbs and footer takes several queries (site, locales, menu,
translations, settings) that are the same for every visitor of a path. They are cached under
a layout version that any change to a page or to the site settings bumps. Permission sets
are cached per user under a version that any change to groups or permissions bumps.
"""

import hashlib
import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

LAYOUT_VERSION_KEY = "portal:layout-version"
PERMISSIONS_VERSION_KEY = "portal:permissions-version"
VIEW_RESTRICTIONS_VERSION_KEY = "portal:view-restrictions-version"
LAYOUT_TIMEOUT = 60 * 60
PERMISSIONS_TIMEOUT = 5 * 60
VIEW_RESTRICTIONS_TIMEOUT = 10 * 60


VERSION_KEYS = (
    LAYOUT_VERSION_KEY,
    PERMISSIONS_VERSION_KEY,
    VIEW_RESTRICTIONS_VERSION_KEY,
)

# The versions a request has read: all of them with one cache round trip at its first
# read. Outside requests (commands, tasks) every read goes to the cache.
_request_versions: ContextVar[dict | None] = ContextVar("portal_versions", default=None)


def start_request(**kwargs) -> None:
    """Signal receiver (request_started)."""
    _request_versions.set({})


def finish_request(**kwargs) -> None:
    """Signal receiver (request_finished)."""
    _request_versions.set(None)


def digest(*shown) -> str:
    """A short key part made of the values a cached piece shows: any change in them gives
    another key, so the piece never needs clearing."""
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def _version(key: str) -> int:
    memo = _request_versions.get()
    if memo == {}:
        memo.update(cache.get_many(VERSION_KEYS))
        memo["loaded"] = True
    value = memo.get(key) if memo else None
    if value is None:
        value = cache.get(key)
        if value is None:
            cache.add(key, 1, timeout=None)
            value = cache.get(key, 1)
        if memo is not None:
            memo[key] = value
    return value


def preload(*keys: str) -> dict:
    """Read these cache keys with one round trip and return their values (None when
    missing); in a request, also keep them for the rest of it (`request_cached`)."""
    values = dict.fromkeys(keys) | cache.get_many(keys)
    memo = _request_versions.get()
    if memo is not None:
        memo.setdefault("preloaded", {}).update(values)
    return values


def request_cached(key: str):
    """A cache value, from what `preload` read for this request when it read the key."""
    memo = _request_versions.get()
    if memo and key in memo.get("preloaded", ()):
        return memo["preloaded"][key]
    return cache.get(key)


def request_cache_set(key: str, value, timeout: int) -> None:
    """Store a value in the cache, and for the rest of the request when it was preloaded."""
    cache.set(key, value, timeout=timeout)
    memo = _request_versions.get()
    if memo and key in memo.get("preloaded", ()):
        memo["preloaded"][key] = value


def create_cache_tables(sender, using="default", **kwargs) -> None:
    """Signal receiver (pre_migrate): create the database cache's table before any
    migration runs, since migrations and their signals (groups, permissions) write to
    the cache. `createcachetable` creates only what is missing and nothing for Redis."""
    call_command("createcachetable", database=using, verbosity=0)


def write_safely(write) -> None:
    """Run a cache write in a savepoint, so that a failing database cache (its table
    dropped, the database busy) cannot break the surrounding transaction; a failure is
    logged."""
    try:
        with transaction.atomic():
            write()
    except DatabaseError:
        logger.warning("Could not write to the cache", exc_info=True)


USER_TIMEOUT = 5 * 60
USER_CHANGED = "changed"
USER_CHANGED_TIMEOUT = 60


def user_key(pk) -> str:
    """Where `portal.backends.PortalBackend` caches a user's row."""
    return f"portal:user:{pk}"


def forget_users(pks) -> None:
    """These users changed: mark their cached rows as changed now and after the commit."""
    keys = [user_key(pk) for pk in pks]

    def mark() -> None:
        write_safely(
            lambda: cache.set_many(
                dict.fromkeys(keys, USER_CHANGED), USER_CHANGED_TIMEOUT
            )
        )

    if keys:
        mark()
        transaction.on_commit(mark)


def forget_changed_user(sender, instance, **kwargs) -> None:
    """Signal receiver (post_save, post_delete of the user model)."""
    forget_users([instance.pk])


def bump(key: str, *, safely: bool = True, restart: int = 2) -> None:
    """Increment a version kept in the cache (`restart` when it is missing), in a
    savepoint when `safely` (`write_safely`)."""
    memo = _request_versions.get()
    if memo:
        memo.pop(key, None)

    def increment() -> None:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, restart, timeout=None)

    if safely:
        write_safely(increment)
    else:
        increment()


def layout_version() -> int:
    return _version(LAYOUT_VERSION_KEY)


def bump_layout_version(**kwargs) -> None:
    """Signal receiver: a page or the site settings changed, so layouts are rebuilt."""
    bump(LAYOUT_VERSION_KEY)


def permissions_version() -> int:
    return _version(PERMISSIONS_VERSION_KEY)


def bump_permissions_version(**kwargs) -> None:
    """Signal receiver: group memberships or permissions changed."""
    bump(PERMISSIONS_VERSION_KEY)


def view_restrictions_key() -> str:
    return f"portal:view-restrictions:{_version(VIEW_RESTRICTIONS_VERSION_KEY)}"


def any_view_restrictions() -> bool:
    """Whether any page has a view restriction (Wagtail's "privacy" setting).

    The answer is cached under a version that changes after every committed change to the
    restrictions: one read before the query, so an answer computed from data that is about
    to change is stored under a version nobody reads any more.
    """
    from wagtail.models import PageViewRestriction

    key = view_restrictions_key()
    answer = request_cached(key)
    if answer is None:
        answer = PageViewRestriction.objects.exists()
        request_cache_set(key, answer, VIEW_RESTRICTIONS_TIMEOUT)
    return answer


#: The versions a cached piece can declare that it depends on (`depends_on` of a home
#: section, `version("survey-answers")`), by name. What bumps the layout and permissions
#: versions is wired in `portal.apps`; the others are declared with `declare_version` by
#: the app that owns the models. All of them are listed in docs/performance.md.
VERSIONS = {
    "layout": layout_version,
    "permissions": permissions_version,
}


def version_key(name: str) -> str:
    return f"portal:version:{name}"


def version(name: str) -> int:
    """The current value of a declared version (`VERSIONS`)."""
    return VERSIONS[name]()


def declare_version(name: str, *models) -> None:
    """Declare a version counter that saving or deleting a row of any of `models` bumps,
    at once and again after the commit (so that no reader caches the state before the
    commit under the new version). Cached pieces that show those rows are kept under it
    (`version(name)`); nothing is cleared by hand. Updates through a queryset and raw SQL
    send no signal: code that changes these rows that way bumps the version itself
    (`bump_version(name)`)."""
    from django.db.models.signals import post_delete, post_save

    key = version_key(name)
    VERSIONS[name] = lambda: _version(key)

    def bump(**kwargs) -> None:
        bump_version(name)

    for model in models:
        label = model._meta.label_lower
        post_save.connect(
            bump, sender=model, weak=False, dispatch_uid=f"version-{name}-{label}-save"
        )
        post_delete.connect(
            bump, sender=model, weak=False, dispatch_uid=f"version-{name}-{label}-del"
        )


def bump_version(name: str) -> None:
    """A declared version's rows changed: bump it now and again after the commit."""
    if name not in VERSIONS:
        raise KeyError(f"Undeclared cache version: {name}")
    if name == "layout":
        bump_layout_version()
        return
    if name == "permissions":
        bump_permissions_version()
        return
    key = version_key(name)
    bump(key, safely=cache_in_database())
    transaction.on_commit(lambda: bump(key, safely=cache_in_database()))


def cache_in_database() -> bool:
    """Whether the cache is Django's database cache, whose failures a savepoint keeps
    from breaking the transaction (`write_safely`); other caches need no savepoint."""
    return settings.CACHES["default"]["BACKEND"].endswith(".DatabaseCache")


def bump_view_restrictions_version(**kwargs) -> None:
    """Signal receiver: a view restriction was saved or deleted; bumped now and again after
    the commit, so that no reader caches the state before the commit under the new version."""
    bump(VIEW_RESTRICTIONS_VERSION_KEY)
    transaction.on_commit(lambda: bump(VIEW_RESTRICTIONS_VERSION_KEY))
