"""Registrations go 12 months after their event (guests' sooner), answers marked "delete
after the event" a few days after it; the reports and coverage keep counting them."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from events import services
from events.models import ArchivedRegistrationCount, EventPage, Registration
from network.coverage import extra_columns
from portal import retention
from tests.factories.events import (
    EventIndexPageFactory,
    EventPageFactory,
    RegistrationFactory,
)
from tests.factories.network import municipality
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DIET = "diet"
ADVANCE = "advance"
QUESTIONS = [
    {
        "type": "short_text",
        "id": DIET,
        "value": {
            "label": "Erityisruokavalio",
            "help_text": "",
            "required": False,
            "delete_after_event": True,
        },
    },
    {
        "type": "long_text",
        "id": ADVANCE,
        "value": {"label": "Kysymys etukäteen", "help_text": "", "required": False},
    },
]


@pytest.fixture
def index(home_page):
    return EventIndexPageFactory(parent=home_page)


def ended(index, *, days_ago=0, months_ago=0, **fields) -> EventPage:
    """An event that ended that long before NOW (a minute earlier still)."""
    end = retention.months_before(NOW, months_ago) - datetime.timedelta(
        days=days_ago, minutes=1
    )
    return EventPageFactory(
        parent=index,
        starts_at=end - datetime.timedelta(hours=2),
        ends_at=end,
        **fields,
    )


def just_before(index, *, days=0, months=0) -> EventPage:
    """An event that ended a minute *less* than the period before NOW."""
    end = (
        retention.months_before(NOW, months)
        - datetime.timedelta(days=days)
        + datetime.timedelta(minutes=1)
    )
    return EventPageFactory(
        parent=index, starts_at=end - datetime.timedelta(hours=2), ends_at=end
    )


def test_registrations_go_12_months_after_the_event_and_stay_counted(index):
    helsinki, espoo = municipality("091"), municipality("049")
    old = ended(index, months_ago=12)
    recent = just_before(index, months=12)
    user = UserFactory()
    for status, place, attended in [
        (Registration.Status.CONFIRMED, helsinki, True),
        (Registration.Status.CONFIRMED, helsinki, False),
        (Registration.Status.CONFIRMED, espoo, True),
        (Registration.Status.WAITLISTED, None, False),
        (Registration.Status.CANCELLED, espoo, False),
    ]:
        RegistrationFactory(
            event=old,
            user=user if place is espoo and attended else None,
            status=status,
            municipality=place,
            has_attended=attended,
        )
    kept = RegistrationFactory(event=recent, municipality=helsinki, user=user)
    report_before = EventPage.objects.with_registration_counts().get(pk=old.pk)
    coverage_before = {c.key: c.counts() for c in extra_columns()}

    assert services.expired_registrations(now=NOW).count() == 5
    assert services.archive_registrations(services.expired_registrations(now=NOW)) == 5

    assert list(Registration.objects.all()) == [kept]
    report = EventPage.objects.with_registration_counts().get(pk=old.pk)
    for field in ("confirmed_count", "pending_count", "waitlisted_count_total"):
        assert getattr(report, field) == getattr(report_before, field), field
    assert (report.confirmed_count, report.attended_count) == (3, 2)
    coverage = {c.key: c.counts() for c in extra_columns()}
    assert coverage["events_registered"] == coverage_before["events_registered"]
    assert coverage["events_attended"] == coverage_before["events_attended"]
    assert coverage["events_registered"] == {helsinki.pk: 3, espoo.pk: 1}
    counts = ArchivedRegistrationCount.objects.filter(event=old)
    assert {(c.municipality_id, c.status, c.has_attended, c.count) for c in counts} == {
        (helsinki.pk, "confirmed", True, 1),
        (helsinki.pk, "confirmed", False, 1),
        (espoo.pk, "confirmed", True, 1),
        (espoo.pk, "cancelled", False, 1),
        (None, "waitlisted", False, 1),
    }
    # Nothing left to remove: a second run changes nothing.
    assert services.expired_registrations(now=NOW).count() == 0
    assert services.archive_registrations(services.expired_registrations(now=NOW)) == 0
    assert sum(counts.values_list("count", flat=True)) == 5


def test_archiving_an_event_twice_adds_to_its_counts(index):
    helsinki = municipality("091")
    old = ended(index, months_ago=13)
    RegistrationFactory(event=old, municipality=helsinki)
    services.archive_registrations(Registration.objects.filter(event=old))
    RegistrationFactory(event=old, municipality=helsinki)
    services.archive_registrations(Registration.objects.filter(event=old))
    [count] = ArchivedRegistrationCount.objects.filter(event=old)
    assert count.count == 2


def test_guest_registrations_go_sooner_than_those_of_accounts(index, settings):
    settings.PORTAL_RETENTION_GUEST_REGISTRATION_MONTHS = 3
    old = ended(index, months_ago=3)
    guest = RegistrationFactory(event=old, user=None)
    account = RegistrationFactory(event=old, user=UserFactory())
    recent_guest = RegistrationFactory(event=just_before(index, months=3), user=None)

    assert list(services.expired_guest_registrations(now=NOW)) == [guest]
    services.archive_registrations(services.expired_guest_registrations(now=NOW))

    assert set(Registration.objects.all()) == {account, recent_guest}
    report = EventPage.objects.with_registration_counts().get(pk=old.pk)
    assert report.confirmed_count == 2


def test_the_registrations_view_shows_the_archived_breakdown(index, client, staff_user):
    client.force_login(staff_user)
    old = ended(index, months_ago=14)
    RegistrationFactory(event=old, municipality=municipality("091"))
    RegistrationFactory(event=old, municipality=municipality("091"))
    services.archive_registrations(Registration.objects.filter(event=old))
    RegistrationFactory(event=old, municipality=municipality("091"))

    response = client.get(reverse("events_admin:event", args=[old.pk]))

    assert response.status_code == 200
    assert ("Helsinki", 3) in response.context["by_municipality"]


def test_answers_marked_for_deletion_go_days_after_the_event(index, settings):
    settings.PORTAL_RETENTION_EVENT_ANSWER_DAYS = 7
    old = ended(index, days_ago=7, registration_questions=QUESTIONS)
    recent = EventPageFactory(
        parent=index,
        starts_at=NOW - datetime.timedelta(days=6, hours=3),
        ends_at=NOW - datetime.timedelta(days=6, hours=1),
        registration_questions=QUESTIONS,
    )
    answered = RegistrationFactory(
        event=old, answers={DIET: "Gluteeniton", ADVANCE: "Miten pienet kunnat?"}
    )
    unanswered = RegistrationFactory(event=old, answers={ADVANCE: "Entä TE24?"})
    too_soon = RegistrationFactory(event=recent, answers={DIET: "Vegaaninen"})

    assert services.count_answers_due_for_deletion(now=NOW) == 1
    assert services.delete_answers_after_events(now=NOW) == 1

    answered.refresh_from_db()
    unanswered.refresh_from_db()
    too_soon.refresh_from_db()
    assert answered.answers == {ADVANCE: "Miten pienet kunnat?"}
    assert unanswered.answers == {ADVANCE: "Entä TE24?"}
    assert too_soon.answers == {DIET: "Vegaaninen"}
    assert services.count_answers_due_for_deletion(now=NOW) == 0
    assert services.delete_answers_after_events(now=NOW) == 0


def test_the_form_tells_that_a_marked_answer_is_deleted_after_the_event(index):
    from events.blocks import question_fields

    event = EventPageFactory(parent=index, registration_questions=QUESTIONS)
    with translation.override("en"):
        fields = question_fields(event.registration_questions)
    assert "deleted after the event" in str(fields[f"question_{DIET}"].help_text)
    assert "deleted" not in str(fields[f"question_{ADVANCE}"].help_text)


def test_deleting_an_account_keeps_its_past_registrations_counted(index):
    from network.services import delete_account

    old = ended(index, days_ago=30)
    user = UserFactory()
    RegistrationFactory(
        event=old, user=user, municipality=municipality("091"), has_attended=True
    )

    delete_account(user=user)

    assert not Registration.objects.filter(event=old).exists()
    report = EventPage.objects.with_registration_counts().get(pk=old.pk)
    assert (report.confirmed_count, report.attended_count) == (1, 1)
