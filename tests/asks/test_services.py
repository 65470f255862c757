"""Every change of a request's state, through its service: the state, the log entry
with who and when, the thread, and the mail to the requester in their language."""

import datetime

from django.utils import timezone

import pytest

from asks import services
from asks.exceptions import (
    RequestNotAllowedError,
    RequestRateLimitError,
    RequestStateError,
)
from asks.models import Request, RequestEvent
from tests.factories.asks import RequestFactory, request_by
from tests.factories.materials import ExpertFactory

State = Request.State
Action = RequestEvent.Action


def content(**fields):
    return services.RequestContent(
        subject=fields.pop("subject", "Kotoutumisohjelman hyväksyminen"),
        body=fields.pop("body", "Kuka hyväksyy ohjelman?"),
        **fields,
    )


def guest_contact():
    return services.Contact(name="Vieras Kysyjä", email="vieras@example.org")


@pytest.fixture
def new_request(member_user):
    return request_by(member_user)


def test_member_request_takes_contact_from_profile_and_mails_both(member_user, outbox):
    request = services.submit_request(
        kind=Request.Kind.CONSULTATION,
        content=content(details={"suitable_times": "ti 13"}),
        contact=services.profile_contact(member_user),
        user=member_user,
        language="sv",
        client_key="1.2.3.4",
    )
    assert request.state == State.NEW
    assert request.requester == member_user
    assert request.email == member_user.email
    assert request.municipality == member_user.profile.municipality
    [event] = request.events.all()
    assert (event.action, event.actor, event.to_state) == (
        Action.SUBMITTED,
        member_user,
        State.NEW,
    )
    to_requester, to_office = outbox.all()
    assert to_requester.to == member_user.email
    assert "Vi har tagit emot" in to_requester.subject  # the requester's language
    assert to_office.to == "muutostuki@muutostuki.example"
    assert "/admin/requests/" in to_office.body_text


def test_guest_may_send_a_general_question_where_allowed(db, settings):
    settings.PORTAL_REQUESTS_GUESTS_ALLOWED = True
    request = services.submit_request(
        kind=Request.Kind.GENERAL,
        content=content(),
        contact=guest_contact(),
        user=None,
        language="fi",
        client_key="1.2.3.4",
    )
    assert request.requester is None
    assert request.email == "vieras@example.org"


def test_guest_is_refused_when_the_office_allows_no_guests(db, settings):
    settings.PORTAL_REQUESTS_GUESTS_ALLOWED = False
    with pytest.raises(RequestNotAllowedError):
        services.submit_request(
            kind=Request.Kind.GENERAL,
            content=content(),
            contact=guest_contact(),
            user=None,
            language="fi",
            client_key="1.2.3.4",
        )
    assert not Request.objects.exists()


@pytest.mark.parametrize("kind", [Request.Kind.SPEAKER, Request.Kind.CONSULTATION])
def test_only_members_send_speaker_and_consultation_requests(signed_in_user, kind):
    with pytest.raises(RequestNotAllowedError):
        services.submit_request(
            kind=kind,
            content=content(),
            contact=services.profile_contact(signed_in_user),
            user=signed_in_user,
            language="fi",
            client_key="1.2.3.4",
        )


def test_guests_are_limited_per_address(db, settings):
    settings.PORTAL_REQUESTS_GUEST_PER_HOUR = 2
    for _number in range(2):
        services.submit_request(
            kind=Request.Kind.LEGAL,
            content=content(),
            contact=guest_contact(),
            user=None,
            language="fi",
            client_key="5.6.7.8",
        )
    with pytest.raises(RequestRateLimitError) as refusal:
        services.submit_request(
            kind=Request.Kind.LEGAL,
            content=content(),
            contact=guest_contact(),
            user=None,
            language="fi",
            client_key="5.6.7.8",
        )
    assert refusal.value.status_code == 429
    assert Request.objects.count() == 2


def test_assign_to_expert_logs_who_and_when(new_request, staff_user, outbox):
    expert = ExpertFactory(name="Outi Asiantuntija")
    moment = timezone.now() - datetime.timedelta(hours=1)
    request = services.assign_request(
        request=new_request, by=staff_user, expert=expert, now=moment
    )
    assert request.state == State.ASSIGNED
    assert request.assigned_expert == expert
    event = request.events.get(action=Action.ASSIGNED)
    assert (event.actor, event.created_at, event.from_state, event.detail) == (
        staff_user,
        moment,
        State.NEW,
        "Outi Asiantuntija",
    )
    assert len(outbox.all()) == 1
    assert "Osoitettu" in outbox.last().subject  # Finnish


def test_assign_needs_someone(new_request, staff_user):
    with pytest.raises(RequestStateError):
        services.assign_request(request=new_request, by=staff_user)


def test_ask_requester_waits_and_information_returns_it(
    new_request, staff_user, member_user, outbox
):
    services.assign_request(request=new_request, by=staff_user, user=staff_user)
    request = services.ask_requester(
        request=new_request, by=staff_user, body="Koskeeko kysymys työttömiä?"
    )
    assert request.state == State.WAITING
    assert request.first_answered_at is not None
    assert "Koskeeko kysymys työttömiä?" in outbox.last().body_text
    outbox.clear()
    request = services.add_information(
        request=request, by=member_user, body="Kyllä, työttömiä."
    )
    assert request.state == State.ASSIGNED
    assert [m.is_from_office for m in request.messages.all()] == [True, False]
    # The office (the assigned staff member) hears of it, not the requester.
    assert [mail.to for mail in outbox.all()] == [staff_user.email]


def test_information_to_an_unassigned_waiting_request_makes_it_new(
    new_request, staff_user, member_user
):
    services.ask_requester(request=new_request, by=staff_user, body="Tarkennus?")
    request = services.add_information(request=new_request, by=member_user, body="Ok")
    assert request.state == State.NEW


def test_reply_keeps_the_state(new_request, staff_user, outbox):
    request = services.reply_to_request(
        request=new_request, by=staff_user, body="Selvitämme asiaa."
    )
    assert request.state == State.NEW
    assert request.events.last().action == Action.REPLIED
    assert "Selvitämme asiaa." in outbox.last().body_text


def test_answer_then_close(new_request, staff_user, outbox):
    request = services.answer_request(
        request=new_request, by=staff_user, body="Valtuusto hyväksyy."
    )
    assert request.state == State.ANSWERED
    request = services.close_request(request=request, by=staff_user)
    assert request.state == State.CLOSED
    assert request.closed_at is not None
    assert [e.to_state for e in request.events.all()] == [
        State.ANSWERED,
        State.CLOSED,
    ]
    assert len(outbox.all()) == 2


def test_accept_is_only_for_speaker_and_consultation(member_user, staff_user):
    question = request_by(member_user)
    with pytest.raises(RequestStateError):
        services.accept_request(request=question, by=staff_user)
    speaker = request_by(member_user, kind=Request.Kind.SPEAKER)
    assert services.accept_request(request=speaker, by=staff_user).state == (
        State.ACCEPTED
    )


def test_decline_needs_a_reason_and_mails_it(new_request, staff_user, outbox):
    with pytest.raises(RequestStateError):
        services.decline_request(request=new_request, by=staff_user, reason="  ")
    request = services.decline_request(
        request=new_request, by=staff_user, reason="Ei kuulu muutostuelle."
    )
    assert request.state == State.DECLINED
    assert request.decline_reason == "Ei kuulu muutostuelle."
    assert "Ei kuulu muutostuelle." in outbox.last().body_text


def test_withdraw_by_the_requester(new_request, member_user, outbox):
    request = services.withdraw_request(request=new_request, by=member_user)
    assert request.state == State.WITHDRAWN
    assert request.closed_at is not None
    assert outbox.last().to == member_user.email


@pytest.mark.parametrize(
    "state", [State.ANSWERED, State.ACCEPTED, State.DECLINED, State.CLOSED]
)
def test_a_decided_request_can_no_longer_be_withdrawn_or_changed(
    member_user, staff_user, state
):
    request = request_by(
        member_user,
        state=state,
        decline_reason="Syy" if state == State.DECLINED else "",
    )
    for change in (
        lambda: services.withdraw_request(request=request, by=member_user),
        lambda: services.add_information(request=request, by=member_user, body="x"),
        lambda: services.answer_request(request=request, by=staff_user, body="x"),
        lambda: services.assign_request(
            request=request, by=staff_user, user=staff_user
        ),
        lambda: services.decline_request(request=request, by=staff_user, reason="x"),
    ):
        with pytest.raises(RequestStateError):
            change()
    assert request.events.count() == 0


@pytest.mark.parametrize("state", [State.NEW, State.ASSIGNED, State.WAITING])
def test_an_open_request_cannot_be_closed(member_user, staff_user, state):
    request = request_by(member_user, state=state)
    with pytest.raises(RequestStateError):
        services.close_request(request=request, by=staff_user)


def test_notes_are_logged_but_never_mailed(new_request, staff_user, outbox):
    services.add_note(request=new_request, by=staff_user, body="Soita huomenna.")
    assert new_request.notes.get().body == "Soita huomenna."
    assert new_request.events.get().action == Action.NOTE_ADDED
    assert outbox.all() == []


def test_guest_mail_has_no_portal_link(db, outbox):
    request = RequestFactory()
    services.answer_request(request=request, by=None, body="Vastaus")
    assert "/requests/" not in outbox.last().body_text


def test_member_mail_links_to_the_request_in_their_language(member_user, outbox):
    request = request_by(member_user, language="sv")
    services.answer_request(request=request, by=None, body="Svar")
    assert f"http://testserver/sv/requests/{request.pk}/" in (outbox.last().body_text)
    assert outbox.last().body_html  # an HTML part too


def test_one_change_runs_a_bounded_number_of_queries(
    new_request, staff_user, django_assert_max_num_queries
):
    # 12, and 3 for the audit log's entry (Wagtail validates its content type and user).
    with django_assert_max_num_queries(15):
        services.answer_request(request=new_request, by=staff_user, body="Vastaus")


# --- age in working days -------------------------------------------------------------


def test_working_days_skip_weekends_and_finnish_holidays():
    # Fri 4.12.2026 → Mon 7.12.2026 is one working day; Independence Day (Sun 6.12.)
    # falls on a weekend. Thu 24.12. → Mon 28.12.: Christmas Eve, Day and Boxing Day.
    assert (
        services.working_days_between(
            datetime.date(2026, 12, 4), datetime.date(2026, 12, 7)
        )
        == 1
    )
    assert (
        services.working_days_between(
            datetime.date(2026, 12, 23), datetime.date(2026, 12, 28)
        )
        == 1
    )


def test_overdue_past_the_configured_working_days(member_user, settings):
    settings.PORTAL_REQUESTS_WARNING_WORKING_DAYS = 2
    sent = timezone.make_aware(datetime.datetime(2026, 12, 1, 10))  # Tuesday
    request = request_by(member_user, created_at=sent, updated_at=sent)
    assert not services.is_overdue(request, today=datetime.date(2026, 12, 3))
    assert services.is_overdue(request, today=datetime.date(2026, 12, 4))
    # The age filter agrees with the warning.
    cutoff = services.waited_longer_than(2, today=datetime.date(2026, 12, 4))
    assert sent < cutoff
    cutoff = services.waited_longer_than(2, today=datetime.date(2026, 12, 3))
    assert sent >= cutoff


def test_waiting_for_the_requester_is_never_overdue(member_user, settings):
    settings.PORTAL_REQUESTS_WARNING_WORKING_DAYS = 0
    old = timezone.now() - datetime.timedelta(days=60)
    request = request_by(
        member_user, state=State.WAITING, created_at=old, updated_at=old
    )
    assert not services.is_overdue(request)
