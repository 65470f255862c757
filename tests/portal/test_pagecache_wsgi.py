"""The page cache in front of Django (`portal.pagecache.PageCacheApplication`): a current
stored page is answered before Django's request handling, with the same headers a hit
through the middleware gets; every other request goes to Django unchanged."""

import re

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory

import pytest

from portal import pagecache
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings, db):
    settings.PORTAL_PAGE_CACHE = True
    pagecache._local.clear()
    # As Django's test client does: the request signals would close the test's database
    # connection (on PostgreSQL, inside the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    pagecache._local.clear()


class Recorder:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


@pytest.fixture
def django_app():
    return Recorder()


@pytest.fixture
def app(django_app):
    return pagecache.PageCacheApplication(django_app)


@pytest.fixture
def page(home_page):
    return StandardPageFactory(
        parent=home_page, title="Kotoutumisohjelma", slug="ohjelma"
    )


def call(app, path: str, method: str = "get", **extra) -> tuple[int, dict, bytes]:
    environ = getattr(RequestFactory(), method)(path, **extra).environ
    found = {}

    def start_response(status, headers):
        found["status"], found["headers"] = int(status.split()[0]), dict(headers)

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return found["status"], found["headers"], body


def warm(app, path: str, **extra) -> None:
    """Until the page is answered from the cache."""
    for _ in range(3):
        if call(app, path, **extra)[1].get("X-Page-Cache") == "hit":
            return
    raise AssertionError(f"{path} was not stored")


def without_nonce(body: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', body)


def test_a_current_page_is_answered_before_django(
    app, django_app, page, django_assert_num_queries
):
    warm(app, page.url)
    _status, through_django, django_body = call(django_app, page.url)
    assert through_django["X-Page-Cache"] == "hit"
    before = django_app.calls

    with django_assert_num_queries(0):
        status, headers, body = call(app, page.url)

    assert django_app.calls == before
    assert status == 200
    assert headers["X-Page-Cache"] == "hit"
    assert set(headers) == set(through_django)
    policy = "Content-Security-Policy"
    assert {n: v for n, v in headers.items() if n != policy} == {
        n: v for n, v in through_django.items() if n != policy
    }
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == through_django["Referrer-Policy"]
    assert "Cookie" in headers["Vary"]
    assert headers["Cache-Control"] == "private, no-cache"
    assert int(headers["Content-Length"]) == len(body)
    assert without_nonce(body) == without_nonce(django_body)
    assert b"Kotoutumisohjelma" in body


def test_every_answer_has_a_fresh_nonce(app, page):
    warm(app, page.url)
    first, second = (call(app, page.url)[1] for _ in range(2))

    policy = re.compile(r"'nonce-([^']+)'")
    nonces = {
        policy.search(h["Content-Security-Policy"]).group(1) for h in (first, second)
    }
    assert len(nonces) == 2


def test_a_copy_the_browser_has_gets_304(app, django_app, page):
    warm(app, page.url)
    etag = call(app, page.url)[1]["ETag"]
    before = django_app.calls

    status, headers, body = call(app, page.url, HTTP_IF_NONE_MATCH=etag)

    assert (status, body) == (304, b"")
    assert headers["ETag"] == etag
    assert "Cookie" in headers["Vary"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in headers
    assert django_app.calls == before


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=abc"},
        {"HTTP_AUTHORIZATION": "Basic YTpi"},
        {"method": "post"},
        {"method": "head"},
        {"query": "?sivu=2"},
    ],
    ids=["session", "messages", "authorization", "post", "head", "query string"],
)
def test_other_requests_go_to_django(app, django_app, page, request_kwargs):
    warm(app, page.url)
    before = django_app.calls
    kwargs = dict(request_kwargs)
    path = page.url + kwargs.pop("query", "")

    call(app, path, **kwargs)

    assert django_app.calls == before + 1


def test_a_stale_page_goes_to_django_with_the_lookup(app, django_app, page):
    warm(app, page.url)
    before = django_app.calls
    pagecache.public_content_changed()

    status, headers, _body = call(app, page.url)

    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    assert call(app, page.url)[1]["X-Page-Cache"] == "hit"
    assert django_app.calls == before + 1


def test_a_host_django_refuses_goes_to_django(app, django_app, page):
    warm(app, page.url)
    before = django_app.calls

    status, _headers, _body = call(app, page.url, HTTP_HOST="evil.example")

    assert (status, django_app.calls) == (400, before + 1)


def test_an_unknown_host_gets_a_plain_400_page(client, home_page):
    """Every page's context reads the host, so the page is the plain one (before, the
    400 page itself failed and the answer was a server error)."""
    response = client.get("/fi/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Tuntematon osoite" in response.content.decode()
    assert 'lang="sv"' in response.content.decode()


def test_plain_http_is_redirected_by_django_and_https_gets_hsts(page, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    # The security middleware reads its settings when the application is made.
    django_app = Recorder()
    app = pagecache.PageCacheApplication(django_app)
    warm(app, page.url, secure=True)
    before = django_app.calls

    status, _headers, _body = call(app, page.url)
    assert (status, django_app.calls) == (301, before + 1)

    status, headers, _body = call(app, page.url, secure=True)
    assert (status, headers["X-Page-Cache"], django_app.calls) == (
        200,
        "hit",
        before + 1,
    )
    assert headers["Strict-Transport-Security"].startswith("max-age=3600")


def test_the_portals_wsgi_application_has_the_page_cache_in_front():
    from portal import wsgi

    assert isinstance(wsgi.application, pagecache.PageCacheApplication)
    assert isinstance(wsgi.application.application, WSGIHandler)


def test_a_failing_cache_leaves_the_answer_to_django(
    app, django_app, page, monkeypatch
):
    warm(app, page.url)
    before = django_app.calls

    def broken(key):
        raise ConnectionError("cache down")

    monkeypatch.setattr(pagecache.PageCacheMiddleware, "_lookup", staticmethod(broken))
    status, _headers, _body = call(app, page.url)

    assert django_app.calls == before + 1
    assert (
        status == 500
    )  # Django's own error page, from the middleware's failing lookup
