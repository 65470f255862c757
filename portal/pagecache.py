"""The whole-page cache for anonymous visitors (docs/performance.md, "Whole-page cache").

`PageCacheMiddleware` sits right after the security and health middleware. A GET without
a query string, under a language prefix, from a browser that sends neither a session nor a
messages cookie, is answered from the cache when a page is stored for it: no session,
authentication, CSRF, site lookup, routing or template work, and no SQL. Otherwise the
request goes on, and the response is stored when the page allowed it
(`PortalPageMixin.serve` for page types with `page_cache = True`) and it is the same for
every anonymous visitor: a 200 HTML response that sets no cookie and varies on nothing but
the cookie and the language.

Freshness: every entry is stored under the *public content version*, one counter in the
shared cache, read on every lookup. Any change to a page (saved, published, unpublished,
moved, deleted) or to a model that public pages show bumps it, now and again after the
commit; the models are declared in one place, `PORTAL_PAGE_CACHE_DEPENDENCIES` in
the settings. Whatever changes public content in a way that sends no signal (a queryset
`update()`, raw SQL) calls `public_content_changed()`. A page that changes by the clock
(an event's registration opening or closing) limits its entry with `valid_until()`.

The Content Security Policy nonce: a stored page keeps a placeholder where the nonce was,
in the body and in the policy header; each response from the cache gets a fresh nonce.
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
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from portal.cache import bump, cache_in_database

PUBLIC_VERSION_KEY = "portal:public-content-version"
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
#: Entries from the shared cache kept in each process, under their version and address.
LOCAL_ENTRIES = 200

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


def public_version() -> int:
    version = cache.get(PUBLIC_VERSION_KEY)
    if version is None:
        # Never back to a number used before (a flushed cache, a test's cleared cache):
        # each process's own copies are kept under the version too.
        cache.add(PUBLIC_VERSION_KEY, secrets.randbits(40), timeout=None)
        version = cache.get(PUBLIC_VERSION_KEY)
    return version


def _bump() -> None:
    # Only a database cache can break the transaction; a missing version restarts at a
    # random number, as in `public_version`.
    bump(PUBLIC_VERSION_KEY, safely=cache_in_database(), restart=secrets.randbits(40))


def public_content_changed(**kwargs) -> None:
    """Something public pages show changed: every stored page is out of date, now and
    again after the commit (a page rendered before the commit is stored under a version
    nobody reads any more). Also a signal receiver."""
    _bump()
    transaction.on_commit(_bump)


def _entry_key(request, version: int) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    name = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"portal:page:{version}:{name}"


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


def _make_entry(request, response, timeout: int) -> dict:
    body = response.content
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    policy = headers.get(POLICY_HEADER, "")
    found = _nonce_in_policy.search(policy)
    if found:
        nonce = found.group(1)
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
        headers[POLICY_HEADER] = policy.replace(nonce, NONCE_PLACEHOLDER)
    etag = f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    return {
        "body": body,
        "headers": headers,
        "etag": etag,
        "nonce": bool(found),
        "expires": time.time() + timeout,
    }


def _timeout(request) -> int:
    timeout = settings.PORTAL_PAGE_CACHE_SECONDS
    until = getattr(request, "portal_page_cache_until", None)
    if until is not None:
        timeout = min(timeout, int((until - timezone.now()).total_seconds()))
    return timeout


def _serve(request, entry: dict) -> HttpResponse:
    headers = entry["headers"]
    if request.META.get("HTTP_IF_NONE_MATCH") == entry["etag"]:
        # Without the policy: the browser keeps the one stored with its copy, whose
        # nonce its copy carries.
        response = HttpResponseNotModified()
    else:
        body = entry["body"]
        if entry["nonce"]:
            nonce = secrets.token_urlsafe(16)
            body = body.replace(NONCE_PLACEHOLDER.encode(), nonce.encode())
            headers = dict(headers)
            headers[POLICY_HEADER] = headers[POLICY_HEADER].replace(
                NONCE_PLACEHOLDER, nonce
            )
        response = HttpResponse(body)
        for name, value in headers.items():
            response[name] = value
        response["Content-Length"] = str(len(body))
    response["ETag"] = entry["etag"]
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Answers anonymous page requests from the whole-page cache, and stores the pages
    that may be stored (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = _entry_key(request, public_version())
        entry = _local_get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                _local_set(key, entry)
        if entry is not None:
            return _serve(request, entry)
        response = self.get_response(request)
        if _storable(request, response):
            timeout = _timeout(request)
            entry = _make_entry(request, response, timeout)
            if timeout > 0:
                cache.set(key, entry, timeout=timeout)
                _local_set(key, entry)
            response["ETag"] = entry["etag"]
            response["Cache-Control"] = CACHE_CONTROL
            response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, ("Cookie",))
        return response
