"""The office's moderation of questions in advance in the Wagtail admin: the events'
list, an event's questions, and each action through its service and the audit log."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import ModelLogEntry

import pytest

from asks import services
from asks.models import EventQuestionSettings, Question
from tests.factories.asks import many_questions, question_by, register
from tests.factories.events import EventPageFactory, in_days
from tests.factories.materials import FaqPageFactory
from tests.factories.network import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, editor_user):
    client.force_login(editor_user)
    return client


def text(response) -> str:
    return response.content.decode()


def test_the_list_shows_qa_hours_with_their_counts(office, qa_event, advance_question):
    response = office.get("/admin/event-questions/")
    assert response.status_code == 200
    assert qa_event.title in text(response)
    assert f"/admin/event-questions/{qa_event.pk}/" in text(response)


def test_an_events_questions_render_with_their_actions(
    office, qa_event, advance_question
):
    response = office.get(f"/admin/event-questions/{qa_event.pk}/")
    assert response.status_code == 200
    body = text(response)
    assert "Kuka hyväksyy palvelulupauksen?" in body
    assert f"/admin/event-questions/question/{advance_question.pk}/hide/" in body
    assert f"/admin/event-questions/question/{advance_question.pk}/answer/" in body


def test_hide_and_show_from_the_admin(office, advance_question, editor_user):
    office.post(f"/admin/event-questions/question/{advance_question.pk}/hide/")
    advance_question.refresh_from_db()
    assert advance_question.status == Question.Status.HIDDEN
    office.post(f"/admin/event-questions/question/{advance_question.pk}/show/")
    advance_question.refresh_from_db()
    assert advance_question.status == Question.Status.OPEN
    entries = ModelLogEntry.objects.for_instance(advance_question)
    assert {entry.user for entry in entries} == {editor_user}


def test_answer_from_the_admin(office, advance_question):
    url = f"/admin/event-questions/question/{advance_question.pk}/answer/"
    response = office.post(url, {"answer": "Valtuusto."})
    assert response.status_code == 302
    advance_question.refresh_from_db()
    assert (advance_question.status, advance_question.answer) == (
        "answered",
        "Valtuusto.",
    )


def test_an_empty_answer_is_refused(office, advance_question):
    office.post(
        f"/admin/event-questions/question/{advance_question.pk}/answer/",
        {"answer": ""},
    )
    advance_question.refresh_from_db()
    assert advance_question.status == Question.Status.OPEN


def test_merge_from_the_admin(office, qa_event, advance_question):
    other = make_member().user
    register(other, qa_event)
    duplicate = question_by(other, qa_event, body="Sama kysymys")
    office.post(
        f"/admin/event-questions/question/{duplicate.pk}/merge/",
        {"into": advance_question.pk},
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == advance_question
    body = text(office.get(f"/admin/event-questions/{qa_event.pk}/"))
    assert f'href="#question-{advance_question.pk}"' in body


def test_a_question_of_another_event_is_no_merge_target(
    office, event_index, advance_question, member_user
):
    other_event = EventPageFactory(parent=event_index)
    register(member_user, other_event)
    elsewhere = question_by(member_user, other_event)
    office.post(
        f"/admin/event-questions/question/{advance_question.pk}/merge/",
        {"into": elsewhere.pk},
    )
    advance_question.refresh_from_db()
    assert advance_question.status == Question.Status.OPEN


def test_settings_from_the_admin(office, qa_event):
    office.post(
        f"/admin/event-questions/{qa_event.pk}/settings/", {"members_may_ask": "on"}
    )
    saved = EventQuestionSettings.objects.get(event=qa_event)
    assert (saved.is_open, saved.members_may_ask) == (False, True)


def test_publish_and_unpublish_from_the_admin(office, event_index):
    past = EventPageFactory(parent=event_index, starts_at=in_days(-1))
    office.post(f"/admin/event-questions/{past.pk}/publish/")
    assert services.question_settings(past).are_answers_published
    office.post(f"/admin/event-questions/{past.pk}/unpublish/")
    assert not services.question_settings(past).are_answers_published


def test_answers_of_an_upcoming_event_are_not_published(office, qa_event):
    response = office.post(
        f"/admin/event-questions/{qa_event.pk}/publish/", follow=True
    )
    assert not services.question_settings(qa_event).are_answers_published
    assert "ei enää oteta vastaan" in text(response)


def test_make_a_faq_draft_from_the_admin(office, home_page, advance_question):
    faq = FaqPageFactory(parent=home_page)
    services.answer_question(question=advance_question, by=None, answer="V.")
    page = text(office.get(f"/admin/event-questions/{advance_question.event_id}/"))
    assert f"/admin/event-questions/question/{advance_question.pk}/faq/" in page
    office.post(
        f"/admin/event-questions/question/{advance_question.pk}/faq/",
        {"faq_page": faq.pk, "question": "Kuka hyväksyy?", "answer": "Valtuusto."},
    )
    advance_question.refresh_from_db()
    assert advance_question.faq_page_id == faq.pk
    faq.refresh_from_db()
    assert "Kuka hyväksyy?" in str(
        faq.get_latest_revision_as_object().sections.raw_data
    )


def test_others_in_the_admin_may_not_moderate(
    client, registration_staff_user, advance_question
):
    client.force_login(registration_staff_user)
    response = client.post(
        f"/admin/event-questions/question/{advance_question.pk}/hide/"
    )
    assert response.status_code == 403
    advance_question.refresh_from_db()
    assert advance_question.status == Question.Status.OPEN


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_an_events_questions_cost_the_same_with_10_and_200(office, qa_event):
    voter = make_member().user
    many_questions(qa_event, 10, voter=voter)
    with_ten = _count(office, f"/admin/event-questions/{qa_event.pk}/")
    many_questions(qa_event, 190, voter=voter)
    assert _count(office, f"/admin/event-questions/{qa_event.pk}/") == with_ten


def test_the_events_list_costs_the_same_with_more_events(office, event_index):
    for days in range(3):
        many_questions(EventPageFactory(parent=event_index, starts_at=in_days(days)), 3)
    with_three = _count(office, "/admin/event-questions/")
    for days in range(20):
        many_questions(
            EventPageFactory(parent=event_index, starts_at=in_days(-days - 1)), 10
        )
    assert _count(office, "/admin/event-questions/") == with_three
