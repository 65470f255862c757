"""Version counters that expire cached layout fragments, cached permission sets and the
cached table of view restrictions.

Rendering the header, breadcrumbs and footer takes several queries (site, locales, menu,
translations, settings) that are the same for every visitor of a path. They are cached under
a layout version that any change to a page or to the site settings bumps. Permission sets
are cached per user under a version that any change to groups or permissions bumps.
"""

import contextlib
import hashlib
import logging
import operator
import secrets
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


#: Every version counter's key; declared versions (`PORTAL_CACHE_DEPENDENCIES`) are added.
VERSION_KEYS = [
    LAYOUT_VERSION_KEY,
    PERMISSIONS_VERSION_KEY,
    VIEW_RESTRICTIONS_VERSION_KEY,
]

# The versions a request has read: all of them with one cache round trip at its first
# read. Outside requests (commands, tasks) every read goes to the cache.
_request_versions: ContextVar[dict | None] = ContextVar("portal_versions", default=None)


def start_request(**kwargs) -> None:
    """Signal receiver (request_started)."""
    _request_versions.set({})


def finish_request(**kwargs) -> None:
    """Signal receiver (request_finished)."""
    _request_versions.set(None)


class KeptQuerysets:
    """Unevaluated querysets built once per process for what they are made of, each
    handed out as a copy (`all()`), so no request changes or evaluates the kept one.
    Building a listing's or a route's queryset costs the ORM's Python the same every
    time; a key made of everything the queryset depends on (tree paths cached under the
    layout version, a locale, audiences) gives another entry when any of it changes.
    At most `size` are kept; past that the store starts again."""

    def __init__(self, size: int = 64):
        self.size = size
        self._kept = {}

    def get(self, key, build):
        """The kept queryset for `key` (made by `build()` the first time), as a copy."""
        queryset = self._kept.get(key)
        if queryset is None:
            if len(self._kept) >= self.size:
                self._kept.clear()
            queryset = self._kept[key] = build()
        return queryset.all()


def digest(*shown) -> str:
    """A short key part made of the values a cached piece shows: any change in them gives
    another key, so the piece never needs clearing."""
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def start_value() -> int:
    """Where a missing version starts: a random number, so that a version never goes
    back to a number used before (a flushed cache, a test's cleared cache). A process's
    own copy of something cached under an old number (`portal.pagecache`'s entries,
    `network.models.municipalities.municipality_names`) can then never match again."""
    return secrets.randbits(40)


def _version(key: str) -> int:
    memo = _request_versions.get()
    if memo == {}:
        memo.update(cache.get_many(VERSION_KEYS))
        memo["loaded"] = True
    value = memo.get(key) if memo else None
    if value is None:
        value = cache.get(key)
        if value is None:
            start = start_value()
            cache.add(key, start, timeout=None)
            value = cache.get(key, start)
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


def bump(*keys: str, safely: bool = True) -> None:
    """Increment versions kept in the cache (a new `start_value` for a missing one), in
    a savepoint when `safely` (`write_safely`); with one round trip where the cache can
    increment several keys at once (`PortalRedisCache.incr_many`)."""
    memo = _request_versions.get()
    if memo:
        for key in keys:
            memo.pop(key, None)

    def increment() -> None:
        incr_many = getattr(cache, "incr_many", None)
        if incr_many is not None:
            found = incr_many(keys)
        else:
            found = {}
            for key in keys:
                with contextlib.suppress(ValueError):
                    found[key] = cache.incr(key)
        missing = [key for key in keys if key not in found]
        if missing:
            cache.set_many(dict.fromkeys(missing, start_value()), timeout=None)

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
    """Where the table of view restrictions is cached: under the view restrictions
    version, and the layout version, which a moved page (new tree paths) and a new alias
    bump."""
    return (
        f"portal:view-restrictions:{_version(VIEW_RESTRICTIONS_VERSION_KEY)}"
        f":{layout_version()}"
    )


def view_restrictions() -> tuple[tuple[int, str, str], ...]:
    """Every view restriction (Wagtail's "privacy" setting) as (id, tree path, restriction
    type): once with its page's path, and once with the path of each alias of its page,
    since Wagtail applies a source page's restrictions to its aliases
    (`Page.get_view_restrictions`). Empty when no page has a restriction.

    Pages check their restrictions on every request against this table
    (`portal.models.PortalPageMixin.get_view_restrictions`), which is cached under
    `view_restrictions_key`: one read before the queries, so a table built from data that
    is about to change is stored under a version nobody reads any more. Any restriction
    saved or deleted bumps the version in the shared cache, so it applies on the next
    request on every instance.
    """
    from wagtail.models import Page, PageViewRestriction

    key = view_restrictions_key()
    table = request_cached(key)
    if table is None:
        rows = list(
            PageViewRestriction.objects.order_by("pk").values_list(
                "pk", "page_id", "page__path", "page__alias_of_id", "restriction_type"
            )
        )
        table = [
            (pk, path, kind) for pk, _page, path, alias_of, kind in rows if not alias_of
        ]
        if rows:
            kinds = {page: [] for _pk, page, *_rest in rows}
            for pk, page, _path, _alias, kind in rows:
                kinds[page].append((pk, kind))
            aliases = Page.objects.filter(alias_of_id__in=kinds).values_list(
                "alias_of_id", "path"
            )
            table += [
                (pk, path, kind)
                for source, path in aliases
                for pk, kind in kinds[source]
            ]
        table = tuple(table)
        request_cache_set(key, table, VIEW_RESTRICTIONS_TIMEOUT)
    return table


#: The versions a cached piece can declare that it depends on (`depends_on` of a home
#: section, `version("survey-answers")`), by name. What bumps each is declared in
#: `PORTAL_CACHE_DEPENDENCIES` (`connect_dependencies`); all of them are listed in
#: docs/performance.md.
VERSIONS = {
    "layout": layout_version,
    "permissions": permissions_version,
    "view-restrictions": lambda: _version(VIEW_RESTRICTIONS_VERSION_KEY),
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
    (`version(name)`); nothing is cleared by hand. The portal's versions are declared in
    `PORTAL_CACHE_DEPENDENCIES` (`connect_dependencies`); this is the same for a piece
    declared in code."""
    _declare(name)
    for model in models:
        _connect(name, model)


def _declare(name: str) -> None:
    if name not in VERSIONS:
        key = version_key(name)
        VERSIONS[name] = lambda: _version(key)
        VERSION_KEYS.append(key)


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
    if name == "view-restrictions":
        bump_view_restrictions_version()
        return
    key = version_key(name)
    bump(key, safely=cache_in_database())
    transaction.on_commit(lambda: bump(key, safely=cache_in_database()))


#: Cached pieces of `PORTAL_CACHE_DEPENDENCIES` that are not a version of their own.
USER_ROWS = "user-rows"
PUBLIC_CONTENT = "public-content"
#: One event's pages in the anonymous page cache (`PORTAL_EVENT_PAGE_DEPENDENCIES`).
EVENT_PAGES = "event-pages"
#: Stands for every page model, and for publishing, unpublishing and moving pages.
ANY_PAGE = "wagtailcore.Page"


def mark_out_of_date(name: str, instance=None) -> None:
    """The cached piece `name` of `PORTAL_CACHE_DEPENDENCIES` is out of date: its version
    is bumped, on every instance (the versions are in the shared cache); for the user rows,
    the changed user's entry (`instance`) is dropped."""
    if name == USER_ROWS:
        if instance is not None:
            forget_users([instance.pk])
        return
    if name == PUBLIC_CONTENT:
        from portal import pagecache

        pagecache.public_content_changed()
        return
    if name == EVENT_PAGES:
        _event_pages_out_of_date(instance)
        return
    bump_version(name)


def _event_pages_out_of_date(instance) -> None:
    """The pages of the event `instance` belongs to (its attribute path in
    `PORTAL_EVENT_PAGE_DEPENDENCIES`) are out of date in the page cache; every page, when
    the event cannot be found any more."""
    from django.core.exceptions import ObjectDoesNotExist

    from portal import pagecache

    event_id = None
    if instance is not None:
        path = settings.PORTAL_EVENT_PAGE_DEPENDENCIES[instance._meta.label]
        with contextlib.suppress(ObjectDoesNotExist):
            event_id = operator.attrgetter(path)(instance)
    if event_id is None:
        pagecache.public_content_changed()
    else:
        pagecache.event_changed(event_id)


def _receiver(name: str):
    def changed(sender, instance=None, created=False, **kwargs) -> None:
        from wagtail.contrib.settings.models import BaseSiteSetting

        # Site settings are created on first use, by the request that renders them.
        if created and issubclass(sender, BaseSiteSetting):
            return
        mark_out_of_date(name, instance)

    return changed


def _page_receiver(name: str):
    def changed(sender, **kwargs) -> None:
        from wagtail.models import Page

        if issubclass(sender, Page):
            mark_out_of_date(name)

    return changed


def _connect(name: str, model) -> None:
    """Mark `name` out of date on every save and delete of `model`, and on every change to
    its many-to-many fields (the user rows keep no memberships)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    label = model._meta.label_lower
    receiver = _receiver(name)
    for signal in (post_save, post_delete):
        signal.connect(
            receiver,
            sender=model,
            weak=False,
            dispatch_uid=f"portal-depends-{name}-{label}-{id(signal)}",
        )
    if name == USER_ROWS:
        return
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            lambda **kwargs: mark_out_of_date(name),
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"portal-depends-{name}-{label}-{field.name}",
        )


def _connect_pages(name: str) -> None:
    from django.db.models.signals import post_delete, post_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    receiver = _page_receiver(name)
    for signal in (post_save, post_delete):
        signal.connect(
            receiver, weak=False, dispatch_uid=f"portal-depends-{name}-{id(signal)}"
        )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(
            lambda **kwargs: mark_out_of_date(name),
            weak=False,
            dispatch_uid=f"portal-depends-{name}-{id(signal)}",
        )


def dependencies() -> dict[str, list]:
    """`PORTAL_CACHE_DEPENDENCIES` with the models themselves (`ANY_PAGE` stays a label)."""
    from django.apps import apps

    return {
        name: [
            label if label == ANY_PAGE else apps.get_model(label) for label in labels
        ]
        for name, labels in settings.PORTAL_CACHE_DEPENDENCIES.items()
    }


def connect_dependencies() -> None:
    """Connect every entry of `PORTAL_CACHE_DEPENDENCIES` (called once, from
    `PortalConfig.ready`): the only place where a cached piece is tied to the models it
    shows."""
    for name, models in dependencies().items():
        if name not in (USER_ROWS, PUBLIC_CONTENT, EVENT_PAGES):
            _declare(name)
        for model in models:
            if model == ANY_PAGE:
                _connect_pages(name)
            else:
                _connect(name, model)


def cache_in_database() -> bool:
    """Whether the cache is Django's database cache, whose failures a savepoint keeps
    from breaking the transaction (`write_safely`); other caches need no savepoint."""
    return settings.CACHES["default"]["BACKEND"].endswith(".DatabaseCache")


def bump_view_restrictions_version(**kwargs) -> None:
    """Signal receiver: a view restriction was saved or deleted; bumped now and again after
    the commit, so that no reader caches the state before the commit under the new version."""
    bump(VIEW_RESTRICTIONS_VERSION_KEY)
    transaction.on_commit(lambda: bump(VIEW_RESTRICTIONS_VERSION_KEY))
