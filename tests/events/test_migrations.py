import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection

import pytest

from events.models import Registration

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


calendar_migration = importlib.import_module(
    "events.migrations.0005_fill_notice_calendar_method"
)


def test_notices_sent_before_get_the_calendar_message_their_file_carried(
    public_event,
):
    from events import services
    from events.models import RegistrationNotice
    from portal.models import OutgoingEmail

    registration = services.register_for_event(
        event=public_event,
        guest=services.RegistrantDetails(name="Aino", email="aino@example.com"),
        answers={},
    )

    def notice(kind, filename):
        attachments = [{"filename": filename, "content": "x"}] if filename else []
        email = OutgoingEmail.objects.create(
            to="aino@example.com", subject="s", body_text="t", attachments=attachments
        )
        return RegistrationNotice.objects.create(
            registration=registration, kind=kind, key=kind, outgoing_email=email
        )

    invited = notice("confirmed", "invite.ics")
    cancelled = notice("cancelled", "cancel.ics")
    reminded = notice("message", "")

    calendar_migration.fill_calendar_methods(apps, None)

    methods = dict(RegistrationNotice.objects.values_list("pk", "calendar_method"))
    assert (methods[invited.pk], methods[cancelled.pk], methods[reminded.pk]) == (
        "REQUEST",
        "CANCEL",
        "",
    )
    calendar_migration.clear_calendar_methods(apps, None)
    assert set(
        RegistrationNotice.objects.values_list("calendar_method", flat=True)
    ) == {""}


keys_migration = importlib.import_module(
    "events.migrations.0007_give_each_registration_its_own_manage_key"
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


def database_indexes(table: str) -> dict[str, list[str]]:
    """The migrated database's indexes of `table`: name -> columns."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name: found["columns"] for name, found in constraints.items() if found["index"]
    }


def test_an_events_registrations_are_indexed_in_the_staff_lists_order():
    """The staff list of an event's registrations reads one page, oldest first, from the
    index instead of sorting all of the event's rows (#22)."""
    assert Registration._meta.ordering == ["created_at", "pk"]
    assert database_indexes("events_registration")["events_reg_event_created_idx"] == [
        "event_id",
        "created_at",
        "id",
    ]


def test_events_are_indexed_for_the_index_listings():
    """The index listings read upcoming events soonest first, checking the end and the
    audience in the index, so only the rows listed are read from the table (#22)."""
    assert database_indexes("events_eventpage")["events_event_listing_idx"] == [
        "starts_at",
        "ends_at",
        "audience",
    ]
