"""The whole-page cache for anonymous visitors (docs/performance.md, "Whole-page cache").

`PageCacheMiddleware` sits right after the security and health middleware. A GET without
a query string, under a language prefix, from a browser that sends neither a session nor a
messages cookie, is answered from the cache when a page is stored for it: no session,
authentication, CSRF, site lookup, routing or template work, and no SQL. Otherwise the
request goes on, and the response is stored when the page allowed it
(`PortalPageMixin.serve` for page types with `page_cache = True`) and it is the same for
every anonymous visitor: a 200 HTML response that sets no cookie and varies on nothing but
the cookie and the language.

Freshness: every entry records the versions it was rendered under, counters in the
shared cache read on every lookup with one round trip, and is served only while they are
all unchanged. The *public content version* belongs to every entry: any change to a page
(saved, published, unpublished, moved, deleted) or to a model that public pages show bumps
it, now and again after the commit; the models are declared in one place,
`PORTAL_PAGE_CACHE_DEPENDENCIES` in the settings. Whatever changes public content in a way
that sends no signal (a queryset `update()`, raw SQL) calls `public_content_changed()`.
An event's *seat version* belongs only to the entries of the pages that show its seats
(`shows_seats()`: its page, in every language), and one *listed seats version* to the
listings with cards (`shows_listed_seats()`: the event index, the home page); a change of
an event's seat counters bumps both (`seats_changed()`), so a registration leaves every
other page in the cache. An event's own *event version* (`shows_event()`,
`event_changed()`) belongs to its page, for its rows besides the seats (its questions,
declared in `PORTAL_EVENT_PAGE_DEPENDENCIES`). A
page that changes by the clock (an event's registration opening or closing) limits its
entry with `valid_until()`.

A version is only valid for a page when it was read *before* the page read its data, so
the versions an entry records are those the lookup read before rendering: the public one,
and the seat versions of the entry found there before (the same address shows the same
events until a publication or the clock changes them). A page that shows seats nobody read
before it (the address's first render) is stored to say which, but not served; the next
request reads those versions first and stores the page it renders.

The Content Security Policy nonce: a stored page keeps a placeholder where the nonce was,
in the body and in the policy header; each response from the cache gets a fresh nonce.

`PageCacheApplication` wraps the WSGI application (`portal.wsgi`) and answers a request
whose stored page is current before Django's request handling starts: no request signals,
no middleware chain, only Django's security middleware's headers, as a hit through the
middleware gets. Everything else (a miss, a stale entry, a request the cache does not
answer) goes on to Django, with what the lookup read handed to the middleware.
"""

import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.security import SecurityMiddleware
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from portal.cache import bump, cache_in_database, start_value

PUBLIC_VERSION_KEY = "portal:public-content-version"
SEATS_VERSION_PREFIX = "portal:seats-version:"
#: Every event's seats, for the listings (event index, home page).
LISTED_SEATS_KEY = "portal:listed-seats-version"
EVENT_VERSION_PREFIX = "portal:event-version:"
#: The versions a lookup without a process's own copy reads with the entry: so a listing
#: is stored from its first render (a single event's seat version is known only from an
#: entry of its address).
ALWAYS_READ = [PUBLIC_VERSION_KEY, LISTED_SEATS_KEY]
NONCE_PLACEHOLDER = "portal-csp-nonce-placeholder"
POLICY_HEADER = "Content-Security-Policy"
#: Django's cookie message storage (`django.contrib.messages.storage.cookie`).
MESSAGES_COOKIE = "messages"
#: What a response may vary on and still be the same for every anonymous visitor.
NORMAL_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})
#: Headers a stored page keeps; the rest (Date, Set-Cookie…) are never stored.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    POLICY_HEADER,
    "Permissions-Policy",
    "X-Frame-Options",
    "Vary",
)
#: Browsers keep the page and ask again each time (ETag: 304); shared caches do not
#: store it, since the portal invalidates it and every response carries its own nonce.
CACHE_CONTROL = "private, no-cache"
#: Entries from the shared cache kept in each process, by address.
LOCAL_ENTRIES = 200
#: How long the shared cache keeps an entry after its time (`PageCacheMiddleware`).
HINT_SECONDS = 10 * 60
REASONS = {200: "OK", 304: "Not Modified"}
#: Where `PageCacheApplication` leaves its lookup for the middleware (WSGI environ).
LOOKUP_ENVIRON_KEY = "portal.page_cache.lookup"

_nonce_in_policy = re.compile(r"'nonce-([A-Za-z0-9+/=_-]+)'")
_local: OrderedDict = OrderedDict()
_local_lock = (
    threading.Lock()
)  # for threaded servers (runserver); sync workers have one


def is_cacheable_request(request) -> bool:
    """Whether this request may be answered from, and stored in, the page cache: a plain
    GET of a page address by a visitor without a session or messages."""
    if not settings.PORTAL_PAGE_CACHE or request.method != "GET":
        return False
    if request.META.get("QUERY_STRING") or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False
    path = request.path_info
    return any(path.startswith(f"/{code}/") for code, _name in settings.LANGUAGES)


def allow(response) -> None:
    """The view says: this response is the same for every anonymous visitor."""
    response.portal_page_cache = True


def valid_until(request, moment: datetime | None) -> None:
    """The page shown changes by itself at this moment (None: never)."""
    if moment is None:
        return
    current = getattr(request, "portal_page_cache_until", None)
    if current is None or moment < current:
        request.portal_page_cache_until = moment


def seats_key(event_id: int) -> str:
    return f"{SEATS_VERSION_PREFIX}{event_id}"


def _depends_on(request, keys) -> None:
    depends = getattr(request, "portal_page_cache_depends", None)
    if depends is None:
        depends = request.portal_page_cache_depends = set()
    depends.update(keys)


def shows_seats(request, event_ids) -> None:
    """The page shows the seats of these events (their seat counters): its entry is out
    of date when any of them changes (`seats_changed`)."""
    _depends_on(request, (seats_key(event_id) for event_id in event_ids))


def shows_listed_seats(request) -> None:
    """The page lists events with their seats (cards): its entry is out of date when any
    event's seats change. One version for a listing's many events, read with the page's
    other versions: a hit costs the same with 3 cards or 20."""
    _depends_on(request, (LISTED_SEATS_KEY,))


def event_key(event_id: int) -> str:
    return f"{EVENT_VERSION_PREFIX}{event_id}"


def shows_event(request, event_id: int) -> None:
    """The page shows what the event's own rows say besides its seats (its questions):
    its entry is out of date when they change (`event_changed`)."""
    _depends_on(request, (event_key(event_id),))


def _started(values: dict) -> dict:
    """The versions read, with the missing ones started. A version never goes back to a
    number used before (a flushed cache, a test's cleared cache): it starts at a random
    one, since each process's own copies of the entries are checked against it too."""
    missing = [key for key, value in values.items() if value is None]
    for key in missing:
        cache.add(key, start_value(), timeout=None)
    if missing:
        values = values | cache.get_many(missing)
    return values


def _bumper(*keys: str):
    def bump_keys() -> None:
        # Only a database cache can break the transaction.
        bump(*keys, safely=cache_in_database())

    return bump_keys


def _changed(*keys: str) -> None:
    bump_keys = _bumper(*keys)
    bump_keys()
    transaction.on_commit(bump_keys)


def public_content_changed(**kwargs) -> None:
    """Something public pages show changed: every stored page is out of date, now and
    again after the commit (a page rendered before the commit is stored under a version
    nobody reads any more). Also a signal receiver."""
    _changed(PUBLIC_VERSION_KEY)


def seats_changed(event_id: int) -> None:
    """The event's seat counters changed: the pages that show them (`shows_seats`) and
    the listings (`shows_listed_seats`) are out of date, now and again after the commit;
    every other page stays in the cache. So are pieces kept under the event's seat
    version outside the page cache (`read_with_seat_version`)."""
    _changed(seats_key(event_id), LISTED_SEATS_KEY)


def read_with_seat_version(event_id: int, key: str) -> tuple[int, object]:
    """The event's seat version (started when missing) and the cache value at `key`
    (None when missing), in one round trip: for a piece kept under that version outside
    the page cache, stored as (version, value) with the version read *before* its data,
    and current while the event's seat version is the same (`seats_changed`)."""
    seats = seats_key(event_id)
    found = cache.get_many([seats, key])
    version = found.get(seats)
    if version is None:
        version = _started({seats: None})[seats]
    return version, found.get(key)


def event_changed(event_id: int) -> None:
    """What the event's page shows besides its seats changed (`shows_event`): that page
    is out of date, now and again after the commit; every other page stays."""
    _changed(event_key(event_id))


def _entry_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    name = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"portal:page:{name}"


def _is_current(entry: dict, versions: dict) -> bool:
    """Whether the entry's time has not run out and every version it was rendered under
    is still the current one (a version recorded as None was not read before the render:
    never current)."""
    return entry["expires"] > time.time() and all(
        value is not None and versions.get(key) == value
        for key, value in entry["versions"].items()
    )


def _read_missing(entry: dict, versions: dict) -> dict:
    """The versions, with those of the entry not read yet (one more round trip)."""
    missing = [key for key in entry["versions"] if key not in versions]
    if missing:
        versions = versions | dict.fromkeys(missing) | cache.get_many(missing)
    return versions


def _local_get(key: str):
    with _local_lock:
        entry = _local.get(key)
        if entry is None:
            return None
        if entry["expires"] <= time.time():
            del _local[key]
            return None
        _local.move_to_end(key)
        return entry


def _local_set(key: str, entry: dict) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _storable(request, response) -> bool:
    if not getattr(response, "portal_page_cache", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return vary - {""} <= NORMAL_VARY


def _make_entry(request, response, timeout: int, versions: dict) -> dict:
    body = response.content
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    policy = headers.get(POLICY_HEADER, "")
    found = _nonce_in_policy.search(policy)
    if found:
        nonce = found.group(1)
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
        headers[POLICY_HEADER] = policy.replace(nonce, NONCE_PLACEHOLDER)
    etag = f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    depends = getattr(request, "portal_page_cache_depends", ())
    return {
        "body": body,
        "headers": headers,
        "etag": etag,
        "nonce": bool(found),
        "expires": time.time() + timeout,
        # What the lookup read before the render; None for what it had not read.
        "versions": {
            key: versions.get(key) for key in (PUBLIC_VERSION_KEY, *sorted(depends))
        },
    }


def _timeout(request) -> int:
    timeout = settings.PORTAL_PAGE_CACHE_SECONDS
    until = getattr(request, "portal_page_cache_until", None)
    if until is not None:
        timeout = min(timeout, int((until - timezone.now()).total_seconds()))
    return timeout


def _answer(request, entry: dict) -> tuple[int, list[tuple[str, str]], bytes]:
    """The stored page's status, headers and body, with a fresh nonce; 304 without a
    body when the browser has this copy."""
    cache_headers = [
        ("ETag", entry["etag"]),
        ("Cache-Control", CACHE_CONTROL),
        ("X-Page-Cache", "hit"),
    ]
    headers = entry["headers"]
    if request.META.get("HTTP_IF_NONE_MATCH") == entry["etag"]:
        # Without the policy: the browser keeps the one stored with its copy, whose
        # nonce its copy carries.
        vary = [("Vary", headers["Vary"])] if "Vary" in headers else []
        return 304, [*vary, *cache_headers], b""
    body = entry["body"]
    if entry["nonce"]:
        nonce = secrets.token_urlsafe(16)
        body = body.replace(NONCE_PLACEHOLDER.encode(), nonce.encode())
        headers = headers | {
            POLICY_HEADER: headers[POLICY_HEADER].replace(NONCE_PLACEHOLDER, nonce)
        }
    return (
        200,
        [*headers.items(), ("Content-Length", str(len(body))), *cache_headers],
        body,
    )


def _serve(request, entry: dict) -> HttpResponse:
    status, headers, body = _answer(request, entry)
    response = HttpResponseNotModified() if status == 304 else HttpResponse(body)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Answers anonymous page requests from the whole-page cache, and stores the pages
    that may be stored (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        found = request.META.pop(LOOKUP_ENVIRON_KEY, None)
        if found is not None:  # read by `PageCacheApplication`: not current
            key, entry, versions, current = found
        else:
            key = _entry_key(request)
            entry, versions, current = self._lookup(key)
        if current:
            return _serve(request, entry)
        # Read before the render, so that what it stores cannot be older than them.
        versions = _started(versions)
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))  # stored with it
        if _storable(request, response):
            timeout = _timeout(request)
            entry = _make_entry(request, response, timeout, versions)
            if timeout > 0:
                # Kept beyond its time, not to be served but to say which versions the
                # address's next render should read first.
                cache.set(key, entry, timeout=timeout + HINT_SECONDS)
                if _is_current(entry, versions):
                    _local_set(key, entry)
            response["ETag"] = entry["etag"]
            response["Cache-Control"] = CACHE_CONTROL
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _lookup(key: str) -> tuple[dict | None, dict, bool]:
        """The entry for the address (this process's copy or the shared one), the current
        versions it depends on, and whether it may be served; usually with one round
        trip: the versions of the process's copy, or the public version with the shared
        entry."""
        entry = _local_get(key)
        if entry is not None:
            versions = dict.fromkeys(entry["versions"]) | cache.get_many(
                list(entry["versions"])
            )
            if _is_current(entry, versions):
                return entry, versions, True
            entry = cache.get(key)
        else:
            found = cache.get_many([*ALWAYS_READ, key])
            entry = found.pop(key, None)
            versions = {name: found.get(name) for name in ALWAYS_READ}
        if entry is None:
            return None, versions, False
        versions = _read_missing(entry, versions)
        current = _is_current(entry, versions)
        if current:
            _local_set(key, entry)
        return entry, versions, current


class PageCacheApplication:
    """The WSGI application, answering requests whose stored page is current before
    Django's request handling: the same lookup and response as `PageCacheMiddleware`,
    with the headers of Django's security middleware (the only middleware before it),
    without the request signals, the middleware chain and the request's closing work,
    which a page from the cache does not need. Every other request, and a host Django
    would refuse or an address its security middleware would redirect, goes to the
    wrapped application unchanged (with the lookup for the middleware, not read again).
    """

    def __init__(self, application):
        self.application = application
        self.security = SecurityMiddleware(lambda request: None)
        self._security_headers = {}

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and not environ.get("QUERY_STRING"):
            try:
                response = self._from_cache(environ)
            except Exception:  # noqa: BLE001 - e.g. the cache is down
                # Django's handling answers (and reports) what failed, as for any page.
                environ.pop(LOOKUP_ENVIRON_KEY, None)
                response = None
            if response is not None:
                status, headers, body = response
                start_response(f"{status} {REASONS[status]}", headers)
                return [body]
        return self.application(environ, start_response)

    def security_headers(self, request) -> list[tuple[str, str]]:
        """The headers Django's security middleware adds to a response, for a request
        like this one (they differ only by whether it is secure), found by letting the
        middleware answer once."""
        secure = request.is_secure()
        found = self._security_headers.get(secure)
        if found is None:
            blank = HttpResponse()
            before = set(blank.headers)
            added = self.security.process_response(request, blank)
            found = [(n, v) for n, v in added.items() if n not in before]
            self._security_headers[secure] = found
        return found

    def _from_cache(self, environ) -> tuple[int, list, bytes] | None:
        request = WSGIRequest(environ)
        if not is_cacheable_request(request):
            return None
        if self.security.process_request(request) is not None:
            return None  # Django's security middleware redirects it
        try:
            key = _entry_key(request)
        except DisallowedHost:
            return None  # Django answers 400
        entry, versions, current = PageCacheMiddleware._lookup(key)
        if not current:
            environ[LOOKUP_ENVIRON_KEY] = (key, entry, versions, current)
            return None
        status, headers, body = _answer(request, entry)
        return status, [*headers, *self.security_headers(request)], body
