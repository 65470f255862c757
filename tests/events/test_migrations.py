import importlib

from django.apps import apps
from django.contrib.auth.models import Group

import pytest

permissions_migration = importlib.import_module(
    "events.migrations.0002_grant_staff_permissions"
)

pytestmark = pytest.mark.django_db


def codenames(group_name: str) -> set[str]:
    return set(
        Group.objects.get(name=group_name)
        .permissions.filter(content_type__app_label="events")
        .values_list("codename", flat=True)
    )


def test_staff_groups_may_handle_registrations_and_series():
    for group in ("Editors", "Moderators"):
        assert codenames(group) == set(permissions_migration.PERMISSIONS)


def test_permission_migration_reverses_and_runs_again():
    permissions_migration.revoke_staff_permissions(apps, None)
    assert codenames("Editors") == set()

    permissions_migration.grant_staff_permissions(apps, None)
    permissions_migration.grant_staff_permissions(apps, None)
    assert codenames("Editors") == set(permissions_migration.PERMISSIONS)
