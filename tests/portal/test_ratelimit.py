"""The portal's rate-limit counters and the client address that they and allauth's limits
count by, behind a proxy."""

import datetime

from django.core.cache import caches
from django.core.cache.backends import db as db_cache
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone, translation

import pytest

from events.models import Registration
from portal import ratelimit
from tests.events.test_views import GUEST_FORM, register_url

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def request_from(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


# --- The client's address ------------------------------------------------------------------


def test_without_trusted_proxies_the_address_is_the_connections(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    request = request_from("198.51.100.7", forwarded="203.0.113.5")
    assert ratelimit.client_address(request) == "198.51.100.7"


def test_behind_one_proxy_the_address_is_the_last_forwarded_one(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_address(request_from(PROXY, "203.0.113.5")) == "203.0.113.5"


def test_addresses_the_client_wrote_itself_are_ignored(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    request = request_from(PROXY, "10.0.0.1, 203.0.113.5")
    assert ratelimit.client_address(request) == "203.0.113.5"


def test_behind_two_proxies_the_address_is_the_second_from_the_right(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2
    request = request_from(PROXY, "10.0.0.1, 203.0.113.5, 192.0.2.10")
    assert ratelimit.client_address(request) == "203.0.113.5"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", " , "])
def test_a_missing_or_broken_header_leaves_the_connections_address(settings, forwarded):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_address(request_from(PROXY, forwarded)) == PROXY


@pytest.mark.parametrize(("count", "expected"), [(0, PROXY), (1, "203.0.113.5")])
def test_allauth_counts_by_the_same_address(settings, count, expected):
    from allauth.account.adapter import get_adapter

    settings.PORTAL_TRUSTED_PROXY_COUNT = count
    request = request_from(PROXY, "203.0.113.5")
    assert get_adapter().get_client_ip(request) == expected


# --- Two clients behind one proxy address --------------------------------------------------


def guest_post(client, event, n: int, forwarded: str):
    return client.post(
        register_url(event),
        {**GUEST_FORM, "email": f"vieras{n}@example.com"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_guest_limit_refuses_one_client_behind_the_proxy_not_the_other(
    client, public_event, settings
):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_EVENT_GUEST_REGISTRATIONS_PER_HOUR = 2
    for n in range(2):
        assert guest_post(client, public_event, n, "203.0.113.5").status_code == 302

    refused = guest_post(client, public_event, 3, "203.0.113.5")
    other = guest_post(client, public_event, 4, "203.0.113.6")

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert other.status_code == 302
    assert Registration.objects.count() == 3


def test_without_the_setting_every_client_behind_the_proxy_shares_one_limit(
    client, public_event, settings
):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    settings.PORTAL_EVENT_GUEST_REGISTRATIONS_PER_HOUR = 1
    assert guest_post(client, public_event, 1, "203.0.113.5").status_code == 302
    assert guest_post(client, public_event, 2, "203.0.113.6").status_code == 429


def failed_login(client, user, forwarded: str):
    return client.post(
        "/fi/accounts/login/",
        {"login": user.email, "password": "väärä"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_allauths_failed_login_limit_refuses_one_client_behind_the_proxy(
    client, settings, signed_in_user, member_user
):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "3/m/ip",
    }
    for _attempt in range(3):
        failed_login(client, signed_in_user, "203.0.113.5")
    refused = failed_login(client, member_user, "203.0.113.5")
    other = failed_login(client, member_user, "203.0.113.6")

    with translation.override("fi"):
        message = translation.gettext(
            "Too many failed login attempts. Try again later."
        )
    assert message in refused.content.decode()
    assert message not in other.content.decode()


def test_allauths_429_carries_retry_after(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    data = {"email": "a@example.com", "password1": "x", "password2": "y"}
    client.post("/fi/accounts/signup/", data)
    response = client.post("/fi/accounts/signup/", data)
    assert response.status_code == 429
    assert response["Retry-After"] == "300"


# --- Counters keep their window on every cache backend ---------------------------------------


@pytest.fixture
def database_cache(settings):
    """The database cache, the default without Redis (`createcachetable`)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_ratelimit_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    yield caches["default"]
    caches["default"].clear()


def test_counts_within_the_window(database_cache):
    hits = [
        ratelimit.count_hit("k", window_seconds=3600, now=1_000_000 + i)
        for i in range(3)
    ]
    assert hits == [1, 2, 3]


def test_database_cache_keeps_an_hourly_count_past_five_minutes(
    database_cache, monkeypatch
):
    """Django's database cache's incr() stores the default five-minute expiry: a guest
    refused at the limit could register again six minutes later."""
    start = 3600 * 1000  # the start of an hourly window
    for second in range(3):
        ratelimit.count_hit("guest", window_seconds=3600, now=start + second)
    later = timezone.now() + datetime.timedelta(minutes=6)
    monkeypatch.setattr(db_cache, "tz_now", lambda: later)

    assert ratelimit.count_hit("guest", window_seconds=3600, now=start + 360) == 4
    assert ratelimit.hits_in_window("guest", window_seconds=3600, now=start + 361) == 4


def test_the_count_ends_with_its_window(database_cache, monkeypatch):
    start = 3600 * 1000
    ratelimit.count_hit("guest", window_seconds=3600, now=start)
    ratelimit.count_hit("guest", window_seconds=3600, now=start + 1)
    later = timezone.now() + datetime.timedelta(hours=1, seconds=5)
    monkeypatch.setattr(db_cache, "tz_now", lambda: later)

    assert ratelimit.hits_in_window("guest", window_seconds=3600, now=start + 1) == 0


def test_a_new_window_starts_from_one(database_cache):
    ratelimit.count_hit("k", window_seconds=60, now=600)
    ratelimit.count_hit("k", window_seconds=60, now=659)
    assert ratelimit.count_hit("k", window_seconds=60, now=660) == 1


def test_seconds_left_is_until_the_end_of_the_window():
    assert ratelimit.seconds_left(window_seconds=3600, now=3600 * 5 + 600) == 3000
    assert ratelimit.seconds_left(window_seconds=60, now=59.5) == 1
