"""The one seat count: the counters on the event row agree with a fresh count of its
registrations after every service that changes a registration's status."""

import datetime
import importlib
import io

from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from events import services
from events.models import EventPage, Registration
from tests.factories.events import EventPageFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def guest(n: int) -> services.RegistrantDetails:
    return services.RegistrantDetails(name=f"Vieras {n}", email=f"v{n}@example.com")


def register(event, n: int) -> Registration:
    return services.register_for_event(event=event, guest=guest(n), answers={})


def assert_counted(event: EventPage) -> None:
    """The counters equal a fresh COUNT of the event's registrations in each status."""
    event.refresh_from_db()
    registrations = Registration.objects.filter(event=event)
    assert (event.seats_confirmed, event.seats_pending, event.waitlist_length) == (
        registrations.confirmed().count(),
        registrations.pending().count(),
        registrations.waitlisted().count(),
    )
    assert services.find_seat_count_mismatches() == []


def test_every_status_changing_service_keeps_the_counters(
    event_index, member_user, staff_user
):
    event = EventPageFactory(parent=event_index, capacity=2)

    first, second, third = (register(event, n) for n in (1, 2, 3))
    assert_counted(event)
    assert (event.seats_taken, event.waitlist_length) == (2, 1)
    services.register_for_event(event=event, user=member_user, answers={})
    assert_counted(event)
    added = services.add_registration(event=event, details=guest(4), by=staff_user)
    assert added.status == Status.WAITLISTED
    assert_counted(event)

    services.cancel_registration(registration=first)  # promotes the third
    assert_counted(event)
    services.cancel_registration_by_staff(registration=second, by=staff_user)
    assert_counted(event)
    services.move_to_waitlist(registration=third, by=staff_user)
    assert_counted(event)
    services.confirm_registration(registration=added, by=staff_user)
    assert_counted(event)
    services.change_capacity(event=event, capacity=5, by=staff_user)
    assert_counted(event)
    assert event.waitlist_length == 0

    approval = EventPageFactory(parent=event_index, capacity=2, requires_approval=True)
    to_approve, to_reject, _waiting = (register(approval, n) for n in (5, 6, 7))
    assert_counted(approval)
    assert (approval.seats_pending, approval.waitlist_length) == (2, 1)
    services.approve_registration(registration=to_approve, by=staff_user)
    assert_counted(approval)
    services.reject_registration(registration=to_reject, by=staff_user)  # promotes
    assert_counted(approval)
    assert approval.seats_pending == 1

    services.erase_registrations(member_user)
    assert_counted(event)

    long_after = timezone.now() + datetime.timedelta(days=3 * 365)
    services.archive_registrations(services.expired_registrations(now=long_after))
    assert_counted(event)
    assert_counted(approval)
    assert event.seats_taken == approval.seats_taken == 0

    register(approval, 8)
    approval.delete()
    assert services.find_seat_count_mismatches() == []


def test_erasure_after_the_start_still_uncounts_the_deleted_registration(
    event_index, member_user
):
    event = EventPageFactory(parent=event_index, capacity=3)
    services.register_for_event(event=event, user=member_user, answers={})
    ends_at = timezone.now() + datetime.timedelta(days=60)
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=ends_at,
    )

    services.erase_registrations(member_user)

    assert_counted(event)
    assert event.seats_confirmed == 0


def test_publishing_the_page_keeps_the_counters(event_index, staff_user):
    event = EventPageFactory(parent=event_index, capacity=2)
    register(event, 1)
    stale = EventPage.objects.get(pk=event.pk)
    register(event, 2)

    stale.title = "Uusi otsikko"
    stale.save_revision(user=staff_user).publish()

    assert_counted(event)
    assert event.seats_confirmed == 2


def test_check_seat_counts_fails_on_a_wrong_counter_and_repairs_it(public_event):
    register(public_event, 1)
    EventPage.objects.filter(pk=public_event.pk).update(seats_confirmed=7)
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 seat counter"):
        call_command("check_seat_counts", stdout=out)
    assert "seats_confirmed is 7, its registrations count 1" in out.getvalue()

    call_command("check_seat_counts", "--repair", stdout=out)
    assert_counted(public_event)
    call_command("check_seat_counts", stdout=out)
    assert "agree" in out.getvalue()


fill_migration = importlib.import_module(
    "events.migrations.0012_fill_event_seat_counters"
)


def test_the_data_migration_fills_the_counters_and_reverses(public_event):
    for n in range(3):
        register(public_event, n)
    Registration.objects.filter(pk=register(public_event, 9).pk).update(
        status=Status.WAITLISTED
    )

    fill_migration.clear_seat_counters(apps, None)
    assert services.find_seat_count_mismatches() != []
    fill_migration.fill_seat_counters(apps, None)

    assert_counted(public_event)
    assert (public_event.seats_confirmed, public_event.waitlist_length) == (3, 1)
