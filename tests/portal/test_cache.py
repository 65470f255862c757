import re

from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import transaction

import pytest

from portal import cache as portal_cache
from portal.cache import bump_layout_version, layout_version
from portal.models import User
from portal.templatetags.portal_tags import LAYOUT_FRAGMENTS

pytestmark = pytest.mark.django_db


def test_bumping_a_version_changes_it():
    before = layout_version()
    bump_layout_version()
    assert layout_version() == before + 1


def test_a_missing_database_cache_table_does_not_break_the_transaction(monkeypatch):
    """A first `migrate` creates groups before `createcachetable` has run."""
    monkeypatch.setattr(portal_cache, "cache", DatabaseCache("missing_cache_table", {}))
    with transaction.atomic():
        bump_layout_version()
        assert User.objects.count() == 0


def test_a_request_reads_the_versions_and_the_layout_with_two_round_trips(
    client, home_page
):
    """The three version counters with one read at the first of them, the five layout
    fragments (six uses: the site name is in the title and the header) with one more."""
    from django.core.cache import cache as default_cache

    from tests.factories.portal import StandardPageFactory

    StandardPageFactory(parent=home_page, title="Tietoa", slug="tietoa")
    client.get("/fi/tietoa/")
    calls = []
    real_get_many = default_cache.get_many

    def counting_get_many(keys, *args, **kwargs):
        calls.append(sorted(keys))
        return real_get_many(keys, *args, **kwargs)

    default_cache.get_many = counting_get_many
    try:
        response = client.get("/fi/tietoa/")
    finally:
        del default_cache.get_many
    assert response.status_code == 200
    assert calls[0] == sorted(portal_cache.VERSION_KEYS)
    # After the versions' read (which may have as many keys as there are fragments).
    layout_reads = [keys for keys in calls[1:] if len(keys) == len(LAYOUT_FRAGMENTS)]
    assert len(layout_reads) == 1
    logo = re.search(r'class="site-logo"[^>]*>([^<]+)<', response.text).group(1)
    title = re.search(r"<title>([^<]+)</title>", response.text).group(1)
    assert title.endswith(f"– {logo}")


def test_a_version_the_cache_lost_never_comes_back_to_a_number_used_before():
    """Processes keep copies under a version (the page cache's entries, the municipality
    names): after a flushed cache, a version restarts at a random number."""
    from django.core.cache import cache as default_cache

    first = layout_version()
    bump_layout_version()
    used = {first, first + 1}
    default_cache.clear()
    assert layout_version() not in used  # read first: started
    default_cache.clear()
    bump_layout_version()  # bumped first: started too
    assert layout_version() not in used


@pytest.mark.parametrize("backend", ["locmem", "database"])
def test_a_bump_of_several_versions_increments_each_and_starts_the_missing(
    backend, monkeypatch
):
    """Caches without `incr_many` (the database cache of `make run`, the tests' local
    memory) increment them one by one."""
    from django.core.cache import cache as default_cache

    used = default_cache
    if backend == "database":
        call_command("createcachetable", "test_version_cache")
        used = DatabaseCache("test_version_cache", {})
        monkeypatch.setattr(portal_cache, "cache", used)
    used.set("test:seats", 5, timeout=None)
    portal_cache.bump("test:seats", "test:listed")
    assert used.get("test:seats") == 6
    started = used.get("test:listed")
    assert isinstance(started, int)
    portal_cache.bump("test:seats", "test:listed")
    assert used.get_many(["test:seats", "test:listed"]) == {
        "test:seats": 7,
        "test:listed": started + 1,
    }


def test_versions_read_outside_a_request_follow_every_bump():
    first = layout_version()
    bump_layout_version()
    bump_layout_version()
    assert layout_version() == first + 2


def test_preloaded_values_last_for_the_request():
    from django.core.cache import cache as default_cache

    portal_cache.start_request()
    try:
        default_cache.set("test:preloaded", "before")
        portal_cache.preload("test:preloaded", "test:missing")
        default_cache.set("test:preloaded", "after")
        assert portal_cache.request_cached("test:preloaded") == "before"
        assert portal_cache.request_cached("test:missing") is None
        portal_cache.request_cache_set("test:missing", "computed", 60)
        assert portal_cache.request_cached("test:missing") == "computed"
        assert default_cache.get("test:missing") == "computed"
    finally:
        portal_cache.finish_request()
    assert portal_cache.request_cached("test:preloaded") == "after"  # outside a request


def test_migrate_creates_the_database_cache_table_before_any_migration(settings):
    """A first `migrate` writes to the cache (groups, permissions) before anyone could
    run `createcachetable`; the portal creates the table first."""
    from django.core.management.sql import emit_pre_migrate_signal
    from django.db import connection

    from wagtail.signal_handlers import connect_reference_index_signal_handlers

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_fresh_cache",
        }
    }
    assert "portal_fresh_cache" not in connection.introspection.table_names()

    try:
        emit_pre_migrate_signal(verbosity=0, interactive=False, db="default")

        assert "portal_fresh_cache" in connection.introspection.table_names()
        emit_pre_migrate_signal(verbosity=0, interactive=False, db="default")
    finally:
        # Wagtail stops indexing references on pre_migrate until post_migrate: without
        # this, every later test in the process would miss its reference index.
        connect_reference_index_signal_handlers()
