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


keys_migration = importlib.import_module(
    "events.migrations.0005_give_each_registration_its_own_manage_key"
)


def test_each_registration_gets_its_own_private_link_key(public_event):
    from events import services
    from events.models import Registration

    for n in range(3):
        services.register_for_event(
            event=public_event,
            guest=services.RegistrantDetails(name=f"V {n}", email=f"v{n}@example.com"),
            answers={},
        )
    Registration.objects.update(manage_key="sama-kaikille")  # as AddField left them

    keys_migration.give_each_its_own_key(apps, None)

    keys = list(Registration.objects.values_list("manage_key", flat=True))
    assert len(set(keys)) == 3
    assert "sama-kaikille" not in keys
