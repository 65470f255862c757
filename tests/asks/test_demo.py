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


def test_demo_has_questions_before_past_and_upcoming_qa_hours(seeded):
    from django.utils import timezone

    from asks.models import Question, QuestionVote

    now = timezone.now()
    published = Question.objects.published().select_related("event")
    assert published.exists()
    assert all(question.event.has_ended(now) for question in published)
    assert Question.objects.filter(status=Question.Status.MERGED).exists()
    upcoming = Question.objects.filter(
        status=Question.Status.OPEN, event__starts_at__gt=now
    )
    assert upcoming.exists()
    assert QuestionVote.objects.filter(question__in=upcoming).exists()
    assert {question.event.language for question in published} == {"fi", "sv"}


def test_the_question_demo_is_idempotent(seeded):
    from asks.models import Question, QuestionVote

    counts = (Question.objects.count(), QuestionVote.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Question.objects.count(), QuestionVote.objects.count()) == counts
