"""Registration rules of `events.services`, without HTTP."""

import datetime

from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest

from events import services
from events.exceptions import (
    AlreadyRegistered,
    AudienceNotAllowed,
    EventCancelled,
    EventFull,
    EventPast,
    InvalidAnswers,
    MunicipalityLimitReached,
    RegistrationClosed,
    RegistrationNotActive,
    TooManyLinkRequests,
)
from events.models import (
    EventPage,
    PersonalCalendarToken,
    Registration,
    RegistrationNotice,
)
from portal.access import Audience
from portal.models import OutgoingEmail
from tests.factories.events import EventPageFactory, in_days
from tests.factories.network import make_member, municipality
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def guest(n: int = 1, **fields) -> services.RegistrantDetails:
    return services.RegistrantDetails(
        name=f"Vieras {n}", email=f"vieras{n}@example.com", **fields
    )


def register_guests(
    event, count: int, *, first: int = 1, now=None
) -> list[Registration]:
    return [
        services.register_for_event(event=event, guest=guest(n), answers={}, now=now)
        for n in range(first, first + count)
    ]


def statuses(event) -> list[str]:
    return list(
        Registration.objects.filter(event=event)
        .order_by("created_at", "pk")
        .values_list("status", flat=True)
    )


def notices(kind) -> list[int]:
    return list(
        RegistrationNotice.objects.filter(kind=kind).values_list(
            "registration_id", flat=True
        )
    )


@pytest.fixture
def small_event(event_index):
    return EventPageFactory(parent=event_index, capacity=2)


# --- Capacity and waitlist ------------------------------------------------------------


def test_register_confirms_first_seats_then_waitlists_at_capacity(small_event):
    first, second, third = register_guests(small_event, 3)

    assert first.status == second.status == Status.CONFIRMED
    assert third.status == Status.WAITLISTED
    event = EventPage.objects.get(pk=small_event.pk)
    assert (event.seats_left, event.waitlisted_count) == (0, 1)


def test_register_confirms_everyone_when_capacity_is_unlimited(event_index):
    event = EventPageFactory(parent=event_index, capacity=None)

    register_guests(event, 5)

    assert statuses(event) == [Status.CONFIRMED] * 5
    assert event.seats_left is None


def test_register_raises_event_full_when_full_without_waitlist(event_index):
    event = EventPageFactory(parent=event_index, capacity=1, has_waitlist=False)
    register_guests(event, 1)

    with pytest.raises(EventFull):
        register_guests(event, 1, first=2)

    assert Registration.objects.filter(event=event).count() == 1


def test_waitlist_positions_follow_registration_order(small_event):
    register_guests(small_event, 5)

    positions = list(
        Registration.objects.waitlisted()
        .filter(event=small_event)
        .with_waitlist_position()
        .order_by("created_at", "pk")
        .values_list("waitlist_position", flat=True)
    )
    assert positions == [1, 2, 3]


# --- Rules that refuse, writing nothing -----------------------------------------------


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"registration_closes_at": in_days(-1)}, RegistrationClosed),
        ({"registration_opens_at": in_days(2)}, RegistrationClosed),
        (
            {
                "starts_at": in_days(-2),
                "ends_at": in_days(-2) + datetime.timedelta(hours=1),
            },
            EventPast,
        ),
        (
            {"is_cancelled": True, "cancellation_reason": "Sairastuminen"},
            EventCancelled,
        ),
    ],
    ids=["closed", "not-open-yet", "past", "cancelled"],
)
def test_register_raises_and_writes_nothing(event_index, fields, error):
    event = EventPageFactory(parent=event_index, capacity=5, **fields)

    with pytest.raises(error) as caught:
        services.register_for_event(event=event, guest=guest(), answers={})

    assert caught.value.status_code >= 400
    assert str(caught.value.message)
    assert not Registration.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_register_refuses_registration_once_the_event_has_started(small_event):
    during = small_event.starts_at + datetime.timedelta(minutes=5)

    with pytest.raises(EventPast):
        services.register_for_event(
            event=small_event, guest=guest(), answers={}, now=during
        )


def test_register_refuses_signed_in_non_member_for_members_event(
    members_event, signed_in_user
):
    with pytest.raises(AudienceNotAllowed) as caught:
        services.register_for_event(
            event=members_event, user=signed_in_user, answers={}
        )

    assert caught.value.status_code == 403
    assert not Registration.objects.exists()


def test_register_refuses_guest_for_signed_in_audience(event_index):
    event = EventPageFactory(parent=event_index, audience=Audience.SIGNED_IN)

    with pytest.raises(AudienceNotAllowed):
        services.register_for_event(event=event, guest=guest(), answers={})


def test_register_accepts_verified_member_for_members_event(members_event, member_user):
    registration = services.register_for_event(
        event=members_event, user=member_user, answers={}
    )

    assert registration.status == Status.CONFIRMED
    assert registration.user == member_user


def test_duplicate_registration_raises_and_resends_the_manage_link(
    public_event, django_capture_on_commit_callbacks, mailoutbox
):
    first = services.register_for_event(event=public_event, guest=guest(), answers={})

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(AlreadyRegistered) as caught,
    ):
        services.register_for_event(event=public_event, guest=guest(), answers={})

    assert caught.value.registration == first
    assert caught.value.status_code == 409
    assert Registration.objects.filter(event=public_event).count() == 1
    assert len(mailoutbox) == 1
    assert first.manage_token in mailoutbox[0].body


def test_duplicate_is_found_by_email_case_insensitively(public_event):
    services.register_for_event(event=public_event, guest=guest(), answers={})

    with pytest.raises(AlreadyRegistered):
        services.register_for_event(
            event=public_event,
            guest=services.RegistrantDetails(name="V", email="VIERAS1@Example.com"),
            answers={},
        )


def test_user_is_duplicate_of_a_guest_registration_with_the_same_address(public_event):
    user = UserFactory(email="vieras1@example.com")
    services.register_for_event(event=public_event, guest=guest(), answers={})

    with pytest.raises(AlreadyRegistered):
        services.register_for_event(event=public_event, user=user, answers={})


def test_manage_link_is_resent_at_most_every_fifteen_minutes(
    public_event, django_capture_on_commit_callbacks, mailoutbox
):
    now = timezone.now()
    registration = services.register_for_event(
        event=public_event, guest=guest(), answers={}, now=now
    )
    with django_capture_on_commit_callbacks(execute=True):
        for minutes in (0, 5, 16):
            services.resend_manage_link(
                registration=registration, now=now + datetime.timedelta(minutes=minutes)
            )

    assert len(mailoutbox) == 2


def test_cancelled_person_can_register_again(public_event):
    first = services.register_for_event(event=public_event, guest=guest(), answers={})
    services.cancel_registration(registration=first)

    again = services.register_for_event(event=public_event, guest=guest(), answers={})

    assert again.pk != first.pk
    assert again.status == Status.CONFIRMED


# --- Answers --------------------------------------------------------------------------


@pytest.fixture
def event_with_questions(event_index):
    return EventPageFactory(
        parent=event_index,
        registration_questions=[
            (
                "long_text",
                {"label": "Kysymyksesi etukäteen", "help_text": "", "required": True},
            ),
            (
                "single_choice",
                {
                    "label": "Rooli",
                    "help_text": "",
                    "required": False,
                    "choices": ["Kotoutuminen", "Työllisyys"],
                },
            ),
            (
                "checkbox",
                {"label": "Tarvitsen tulkkauksen", "help_text": "", "required": False},
            ),
        ],
    )


def question_ids(event) -> list[str]:
    return [child.id for child in event.registration_questions]


def test_register_raises_invalid_answers_keyed_by_question(event_with_questions):
    text_id, choice_id, _checkbox_id = question_ids(event_with_questions)

    with pytest.raises(InvalidAnswers) as caught:
        services.register_for_event(
            event=event_with_questions, guest=guest(), answers={choice_id: "Muu"}
        )

    assert set(caught.value.errors) == {text_id, choice_id}
    assert caught.value.status_code == 400
    assert not Registration.objects.exists()


def test_register_stores_cleaned_answers_by_question_id(event_with_questions):
    text_id, choice_id, checkbox_id = question_ids(event_with_questions)

    registration = services.register_for_event(
        event=event_with_questions,
        guest=guest(),
        answers={
            text_id: "Miten 54 § sopimus tehdään?",
            choice_id: "Työllisyys",
            "x": 1,
        },
    )

    assert registration.answers == {
        text_id: "Miten 54 § sopimus tehdään?",
        choice_id: "Työllisyys",
        checkbox_id: False,
    }
    assert registration.answer_items()[0] == (
        "Kysymyksesi etukäteen",
        "Miten 54 § sopimus tehdään?",
    )


# --- The event's row (`event_row`) ----------------------------------------------------


def test_event_row_reads_the_fields_as_the_orm_does_and_defers_the_others(
    event_with_questions, django_assert_num_queries
):
    fields = services.REGISTRATION_RULE_FIELDS
    expected = EventPage.objects.only(*fields).get(pk=event_with_questions.pk)
    with django_assert_num_queries(1):
        event = services.event_row(event_with_questions.pk, fields=fields)
        values = {name: getattr(event, name) for name in fields}
    assert values == {name: getattr(expected, name) for name in fields}
    assert isinstance(event.registration_questions[0].value, dict)  # a StreamValue
    assert event.get_deferred_fields() == expected.get_deferred_fields()
    with django_assert_num_queries(1):
        assert event.title == event_with_questions.title  # loads when read


def test_event_row_reads_every_field_without_a_list(small_event):
    event = services.event_row(small_event.pk)
    assert event.get_deferred_fields() == set()
    assert (event.pk, event.id, event.capacity, event.url_path) == (
        small_event.pk,
        small_event.pk,
        2,
        small_event.url_path,
    )


def test_event_row_is_none_for_a_missing_or_unpublished_event(small_event):
    assert services.event_row(small_event.pk + 1000) is None
    assert services.event_row(small_event.pk, live=True) is not None
    small_event.unpublish()
    assert services.event_row(small_event.pk, live=True) is None
    assert services.event_row(small_event.pk, fields=("live",)).live is False


# --- Signed-in users ------------------------------------------------------------------


def test_user_registration_takes_details_from_the_profile(public_event):
    profile = make_member(
        user=UserFactory(
            email="Koordinaattori@Ouka.fi",
            first_name="Aino",
            last_name="Koordinaattori",
            preferred_language="sv",
        ),
        municipality=municipality("564"),
    )

    registration = services.register_for_event(
        event=public_event, user=profile.user, answers={}
    )

    assert registration.name == "Aino Koordinaattori"
    assert registration.email == "koordinaattori@ouka.fi"
    assert registration.municipality.code == "564"
    assert registration.organisation == "Uleåborg"  # in the person's language
    assert registration.language == "sv"


def test_one_registration_runs_a_bounded_number_of_queries(
    small_event, member_user, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        services.register_for_event(event=small_event, user=member_user, answers={})


# --- Cancellation and promotion -------------------------------------------------------


def test_cancellation_promotes_the_oldest_waitlisted_and_queues_the_notice(
    small_event, django_capture_on_commit_callbacks, mailoutbox
):
    first, _second, oldest, newest = register_guests(small_event, 4)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first)

    oldest.refresh_from_db()
    newest.refresh_from_db()
    assert oldest.status == Status.CONFIRMED
    assert newest.status == Status.WAITLISTED
    assert notices(RegistrationNotice.Kind.PROMOTED) == [oldest.pk]
    assert notices(RegistrationNotice.Kind.CANCELLED) == [first.pk]
    assert sorted(mail.to[0] for mail in mailoutbox) == [first.email, oldest.email]


def test_cancelling_a_waitlisted_registration_promotes_nobody(small_event):
    *_confirmed, waitlisted, last = register_guests(small_event, 4)

    services.cancel_registration(registration=waitlisted)

    last.refresh_from_db()
    assert last.status == Status.WAITLISTED


def test_cancelling_twice_raises_registration_not_active(public_event):
    registration = register_guests(public_event, 1)[0]
    services.cancel_registration(registration=registration)

    with pytest.raises(RegistrationNotActive):
        services.cancel_registration(registration=registration)


def test_cancelling_after_the_start_raises_event_past(small_event):
    registration = register_guests(small_event, 1)[0]

    with pytest.raises(EventPast):
        services.cancel_registration(
            registration=registration,
            now=small_event.starts_at + datetime.timedelta(minutes=1),
        )
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_promotion_stops_when_registration_has_closed(event_index):
    event = EventPageFactory(
        parent=event_index, capacity=1, registration_closes_at=in_days(3)
    )
    first, waiting = register_guests(event, 2, now=in_days(1))

    services.cancel_registration(registration=first, now=in_days(4))

    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_capacity_increase_promotes_several_and_updates_the_revision(
    small_event, staff_user
):
    small_event.save_revision().publish()
    register_guests(small_event, 6)

    services.change_capacity(event=small_event, capacity=5, by=staff_user)

    assert statuses(small_event) == [Status.CONFIRMED] * 5 + [Status.WAITLISTED]
    small_event.refresh_from_db()
    assert small_event.capacity == 5
    assert small_event.latest_revision.content["capacity"] == 5
    assert PageLogEntry.objects.filter(
        page=small_event, action=services.ACTION_CHANGE_CAPACITY
    ).exists()


def test_capacity_to_unlimited_promotes_the_whole_waitlist(small_event):
    register_guests(small_event, 5)

    services.change_capacity(event=small_event, capacity=None)

    assert statuses(small_event) == [Status.CONFIRMED] * 5


def test_capacity_decrease_keeps_confirmed_registrations(small_event):
    register_guests(small_event, 2)

    event = services.change_capacity(event=small_event, capacity=1)

    assert statuses(small_event) == [Status.CONFIRMED] * 2
    assert event.seats_left == 0


# --- Municipalities -------------------------------------------------------------------


def test_municipality_limit_refuses_more_registrations_from_one_municipality(
    event_index,
):
    event = EventPageFactory(
        parent=event_index, capacity=10, max_seats_per_municipality=2
    )
    helsinki = municipality("091")
    for n in (1, 2):
        services.register_for_event(
            event=event, guest=guest(n, municipality=helsinki), answers={}
        )

    with pytest.raises(MunicipalityLimitReached):
        services.register_for_event(
            event=event, guest=guest(3, municipality=helsinki), answers={}
        )
    services.register_for_event(
        event=event, guest=guest(4, municipality=municipality("564")), answers={}
    )

    assert Registration.objects.filter(event=event).count() == 3


@pytest.mark.parametrize(
    ("has_priority", "promoted"),
    [
        (True, ["vieras3@example.com", "vieras5@example.com"]),
        (False, ["vieras2@example.com", "vieras3@example.com"]),
    ],
    ids=["priority", "first-come-first-served"],
)
def test_promotion_order_with_and_without_municipality_priority(
    event_index, has_priority, promoted
):
    event = EventPageFactory(
        parent=event_index, capacity=1, has_municipality_priority=has_priority
    )
    helsinki, oulu, turku = (
        municipality("091"),
        municipality("564"),
        municipality("853"),
    )
    people = [(1, helsinki), (2, helsinki), (3, oulu), (4, oulu), (5, turku)]
    registrations = [
        services.register_for_event(
            event=event, guest=guest(n, municipality=m), answers={}
        )
        for n, m in people
    ]

    services.change_capacity(event=event, capacity=3)

    confirmed = (
        Registration.objects.confirmed()
        .filter(event=event)
        .exclude(pk=registrations[0].pk)
        .order_by("email")
        .values_list("email", flat=True)
    )
    assert list(confirmed) == promoted


# --- Staff approval -------------------------------------------------------------------


@pytest.fixture
def approval_event(event_index):
    return EventPageFactory(parent=event_index, capacity=1, requires_approval=True)


def test_registrations_needing_approval_hold_their_seat_while_pending(approval_event):
    pending, waiting = register_guests(approval_event, 2)

    assert (pending.status, waiting.status) == (Status.PENDING, Status.WAITLISTED)
    event = EventPage.objects.get(pk=approval_event.pk)
    assert event.seats_left == 0


def test_approve_confirms_and_writes_the_audit_log(
    approval_event, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    pending = register_guests(approval_event, 1)[0]

    with django_capture_on_commit_callbacks(execute=True):
        approved = services.approve_registration(registration=pending, by=staff_user)

    assert approved.status == Status.CONFIRMED
    assert ModelLogEntry.objects.filter(
        action=services.ACTION_APPROVE, object_id=str(pending.pk), user=staff_user
    ).exists()
    assert [a[0] for a in mailoutbox[0].attachments] == ["invite.ics"]


def test_reject_frees_the_seat_for_the_waitlist_which_then_waits_for_approval(
    approval_event, staff_user
):
    pending, waiting = register_guests(approval_event, 2)

    services.reject_registration(registration=pending, by=staff_user, reason="Ei kunta")

    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert (pending.status, pending.decision_reason) == (Status.REJECTED, "Ei kunta")
    assert waiting.status == Status.PENDING


def test_approving_a_registration_that_is_not_pending_raises(public_event, staff_user):
    confirmed = register_guests(public_event, 1)[0]

    with pytest.raises(RegistrationNotActive):
        services.approve_registration(registration=confirmed, by=staff_user)


# --- Changes made by editors ----------------------------------------------------------


def publish(event):
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def sequence_of(event) -> int:
    return EventPage.objects.values_list("sequence", flat=True).get(pk=event.pk)


def test_publishing_a_new_time_raises_the_sequence_and_notifies_registrants(
    small_event, django_capture_on_commit_callbacks, mailoutbox
):
    publish(small_event)
    register_guests(small_event, 3)
    before = sequence_of(small_event)
    small_event.starts_at += datetime.timedelta(hours=2)
    small_event.ends_at += datetime.timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        publish(small_event)

    assert small_event.sequence == before + 1
    assert len(notices(RegistrationNotice.Kind.EVENT_CHANGED)) == 3
    assert len(mailoutbox) == 3


def test_publishing_other_changes_keeps_the_sequence(small_event):
    publish(small_event)
    register_guests(small_event, 1)
    before = sequence_of(small_event)
    small_event.intro = "Uusi johdanto"

    publish(small_event)

    assert small_event.sequence == before
    assert not RegistrationNotice.objects.filter(kind="event_changed").exists()


def test_saving_a_page_read_before_a_calendar_message_keeps_the_new_sequence(
    small_event, django_capture_on_commit_callbacks
):
    publish(small_event)
    read_earlier = EventPage.objects.get(pk=small_event.pk)
    with django_capture_on_commit_callbacks(execute=True):
        register_guests(small_event, 1)  # its confirmation claims a sequence
    raised = sequence_of(small_event)

    read_earlier.title = "Uusi otsikko"
    read_earlier.save()
    read_earlier.save_revision().publish()

    assert sequence_of(small_event) == raised > read_earlier.sequence
    assert EventPage.objects.get(pk=small_event.pk).title == "Uusi otsikko"


def test_publishing_an_older_revision_keeps_the_sequence(small_event):
    old_revision = publish(small_event).latest_revision
    small_event.place = "Helsinki"
    small_event.format = EventPage.Format.HYBRID
    publish(small_event)
    assert small_event.sequence == 1

    old_revision.publish()
    small_event.refresh_from_db()

    assert small_event.sequence == 2


def test_cancelling_the_event_notifies_registrants_once(
    small_event, django_capture_on_commit_callbacks, mailoutbox
):
    publish(small_event)
    with django_capture_on_commit_callbacks(execute=True):
        register_guests(
            small_event, 3
        )  # two confirmed, mailed the entry; one waitlisted
    mailoutbox.clear()
    small_event.is_cancelled = True
    small_event.cancellation_reason = "Puhuja sairastui."

    with django_capture_on_commit_callbacks(execute=True):
        publish(small_event)
        publish(small_event)

    assert len(mailoutbox) == 3
    calendar_parts = {
        mail.to[0]: [alt.mimetype for alt in mail.alternatives][1:]
        for mail in mailoutbox
    }
    assert calendar_parts == {
        "vieras1@example.com": ["text/calendar; method=CANCEL"],
        "vieras2@example.com": ["text/calendar; method=CANCEL"],
        "vieras3@example.com": [],
    }


def test_capacity_raised_by_publishing_promotes_the_waitlist(small_event):
    publish(small_event)
    register_guests(small_event, 3)
    small_event.capacity = 3

    publish(small_event)

    assert statuses(small_event) == [Status.CONFIRMED] * 3


# --- Staff messages, calendar tokens, personal data -----------------------------------


def test_message_registrants_sends_one_mail_to_each_chosen_registrant(
    small_event, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    register_guests(small_event, 3)

    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_registrants(
            event=small_event,
            subject="Ennakkotehtävä",
            body="Lukekaa liite ennen tapaamista.",
            statuses=[Status.CONFIRMED],
            by=staff_user,
        )

    assert message.recipient_count == 2
    assert sorted(mail.to for mail in mailoutbox) == [
        ["vieras1@example.com"],
        ["vieras2@example.com"],
    ]
    assert "Lukekaa liite" in mailoutbox[0].body


def test_message_registrants_refuses_cancelled_recipients(small_event, staff_user):
    with pytest.raises(ValueError, match="confirmed"):
        services.message_registrants(
            event=small_event,
            subject="x",
            body="y",
            statuses=["cancelled"],
            by=staff_user,
        )


def test_issuing_a_calendar_token_revokes_the_previous_one(member_user):
    first = services.issue_calendar_token(user=member_user)
    second = services.issue_calendar_token(user=member_user)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(PersonalCalendarToken.objects.active()) == [second]
    assert first.key != second.key


def test_erasing_a_user_frees_their_seat_and_deletes_their_data(
    small_event, member_user
):
    services.issue_calendar_token(user=member_user)
    services.register_for_event(event=small_event, user=member_user, answers={})
    _other, waiting = register_guests(small_event, 2)

    services.erase_registrations(member_user)

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert not Registration.objects.filter(user=member_user).exists()
    assert not PersonalCalendarToken.objects.filter(user=member_user).exists()


def test_guest_registrations_with_a_confirmed_address_are_the_persons_data(
    public_event, small_event, member_user
):
    from tests.factories.network import add_email

    add_email(member_user, "toinen@hel.fi")
    add_email(member_user, "vahvistamaton@hel.fi", verified=False)
    for email in (member_user.email.upper(), "toinen@hel.fi", "vahvistamaton@hel.fi"):
        services.register_for_event(
            event=public_event,
            guest=services.RegistrantDetails(name="Jäsen vieraana", email=email),
            answers={},
        )

    data = services.collect_personal_data(member_user)

    assert sorted(row["email"].lower() for row in data) == [
        member_user.email,
        "toinen@hel.fi",
    ]
    assert all(row["as_guest"] for row in data)


def test_erasing_a_user_deletes_their_guest_registrations_and_frees_the_seat(
    small_event, member_user
):
    mine = services.register_for_event(
        event=small_event,
        guest=services.RegistrantDetails(name="Jäsen", email=member_user.email),
        answers={},
    )
    _other, waiting = register_guests(small_event, 2)
    assert waiting.status == Status.WAITLISTED

    services.erase_registrations(member_user)

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert not Registration.objects.filter(pk=mine.pk).exists()


def test_personal_data_lists_the_users_registrations(public_event, member_user):
    services.register_for_event(event=public_event, user=member_user, answers={})

    data = services.collect_personal_data(member_user)

    assert [(row["event"], row["status"]) for row in data] == [
        ("Koto-digi tuumaustunti", "confirmed")
    ]


def test_manage_token_is_stable_until_renewed_and_cannot_be_guessed(
    guest_registration,
):
    token = guest_registration.manage_token
    assert Registration.objects.get(pk=guest_registration.pk).manage_token == token
    pk, key = Registration.parse_manage_token(token)
    assert pk == guest_registration.pk and guest_registration.has_manage_key(key)
    assert len(key) >= 32
    other_last = "y" if key.endswith("x") else "x"
    assert not guest_registration.has_manage_key(key[:-1] + other_last)
    assert Registration.parse_manage_token("not-a-token") is None

    services.renew_manage_link(registration=guest_registration)

    assert not Registration.objects.get(pk=pk).has_manage_key(key)


def test_every_guest_gets_a_key_of_their_own(public_event):
    first, second = register_guests(public_event, 2)
    assert first.manage_key != second.manage_key


def test_a_guest_may_renew_the_link_every_quarter_of_an_hour(
    guest_registration, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.renew_manage_link(registration=guest_registration, now=now)
    with pytest.raises(TooManyLinkRequests):
        services.renew_manage_link(
            registration=guest_registration, now=now + datetime.timedelta(minutes=5)
        )
    services.renew_manage_link(
        registration=guest_registration, now=now + datetime.timedelta(minutes=16)
    )
    [mail] = mailoutbox
    assert guest_registration.pk == Registration.objects.get().pk
    assert mail.to == ["vieras@example.com"]


def test_staff_renew_a_link_at_once_and_it_is_logged(guest_registration, staff_user):
    now = timezone.now()
    services.renew_manage_link(registration=guest_registration, now=now)
    services.renew_manage_link(registration=guest_registration, by=staff_user, now=now)

    entry = ModelLogEntry.objects.get(action=services.ACTION_NEW_LINK)
    assert entry.user_id == staff_user.pk


def test_a_members_registration_has_no_private_link(public_event, member_user):
    registration = services.register_for_event(
        event=public_event, user=member_user, answers={}
    )
    with pytest.raises(RegistrationNotActive):
        services.renew_manage_link(registration=registration)


def test_active_duplicate_pk_finds_the_persons_active_registration_of_one_event(
    public_event,
):
    from events.models.registrations import active_duplicate_pk

    other_event = EventPageFactory(parent=public_event.get_parent())
    user = UserFactory(email="jasen@example.com")
    statuses = [
        "confirmed",
        "pending",
        "waitlisted",
        "waitlisted",
        "cancelled",
        "rejected",
    ]
    created = {
        status_index: Registration.objects.create(
            event=public_event, name="N", email=f"r{status_index}@example.com", status=s
        )
        for status_index, s in enumerate(statuses)
    }
    Registration.objects.create(
        event=other_event, name="N", email="r0@example.com", status="confirmed"
    )
    cancelled_of_user = Registration.objects.create(
        event=public_event,
        name="N",
        email="x@example.com",
        user=user,
        status="cancelled",
    )
    mixed_case = Registration.objects.create(
        event=public_event, name="N", email="Vieras@Example.COM", status="waitlisted"
    )

    assert active_duplicate_pk(public_event.pk, email="nobody@example.com") is None
    Registration.objects.create(
        event=other_event, name="Ilman osoitetta", email="", status="confirmed"
    )
    assert active_duplicate_pk(other_event.pk) is None
    assert active_duplicate_pk(public_event.pk, email="VIERAS@example.com") == (
        mixed_case.pk
    )
    assert active_duplicate_pk(public_event.pk, email="r1@example.com") == (
        created[1].pk
    )
    assert active_duplicate_pk(public_event.pk, email="r4@example.com") is None
    assert active_duplicate_pk(public_event.pk, user_pk=user.pk) is None
    cancelled_of_user.status = "confirmed"
    cancelled_of_user.save()
    assert active_duplicate_pk(public_event.pk, user_pk=user.pk) == (
        cancelled_of_user.pk
    )
