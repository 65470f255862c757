"""The requests demo: a realistic mix in every state, made through the services, in
Finnish, Swedish and English, idempotent."""

import io

from django.core.management import call_command

import pytest

from asks.models import Request, RequestEvent
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_has_a_request_in_every_state(seeded):
    states = set(Request.objects.values_list("state", flat=True))
    assert states == set(Request.State.values)
    assert set(Request.objects.values_list("kind", flat=True)) == set(
        Request.Kind.values
    )
    assert set(Request.objects.values_list("language", flat=True)) == {"fi", "sv", "en"}


def test_demo_requests_have_their_history_and_thread(seeded):
    answered = Request.objects.get(state=Request.State.ANSWERED)
    assert [event.action for event in answered.events.all()] == [
        RequestEvent.Action.SUBMITTED,
        RequestEvent.Action.ASSIGNED,
        RequestEvent.Action.ANSWERED,
    ]
    assert answered.messages.get().is_from_office
    assert answered.first_answered_at > answered.created_at
    declined = Request.objects.get(state=Request.State.DECLINED)
    assert declined.decline_reason
    guest = Request.objects.get(requester=None)
    assert guest.email.endswith("@example.org")


def test_demo_sends_no_mail_and_a_second_run_adds_nothing(seeded):
    count = Request.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Request.objects.count() == count
    assert not OutgoingEmail.objects.exists()
