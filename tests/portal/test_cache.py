from django.core.cache.backends.db import DatabaseCache
from django.db import transaction

import pytest

from portal import cache as portal_cache
from portal.cache import bump_layout_version, layout_version
from portal.models import User

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
