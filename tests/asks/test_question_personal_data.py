"""A person's questions in advance and "me too" votes are in their own-data download and
go with the account; a published answer stays on the event page without the asker, and
a FAQ entry made of a question never held anything of them."""

import datetime

from wagtail.models import ModelLogEntry

import pytest

from asks import services
from asks.models import Question, QuestionVote
from network import personal_data
from network.services import delete_account
from tests.factories.asks import question_by, register
from tests.factories.events import EventPageFactory, RegistrationFactory, in_days
from tests.factories.materials import FaqPageFactory
from tests.factories.network import make_member

pytestmark = pytest.mark.django_db


def test_questions_and_votes_are_in_the_own_data(qa_event, advance_question):
    voter = make_member().user
    register(voter, qa_event)
    services.vote_for_question(question=advance_question, user=voter)

    collected = personal_data.collect_personal_data(advance_question.asker)
    [question] = collected["event_questions"]["questions"]
    assert question["question"] == "Kuka hyväksyy palvelulupauksen?"
    assert question["event"] == qa_event.title
    assert collected["event_questions"]["me_too_votes"] == []
    [vote] = personal_data.collect_personal_data(voter)["event_questions"][
        "me_too_votes"
    ]
    assert vote["question"] == "Kuka hyväksyy palvelulupauksen?"


def test_own_data_download_includes_the_questions(client, advance_question):
    client.force_login(advance_question.asker)
    response = client.get("/fi/network/account/my-data.json")
    assert "Kuka hyväksyy palvelulupauksen?" in response.content.decode()


def test_deleting_the_account_erases_questions_votes_and_their_log(
    qa_event, advance_question, member_user, staff_user
):
    other = make_member().user
    register(other, qa_event)
    kept = question_by(other, qa_event, body="Toisen kysymys")
    services.vote_for_question(question=kept, user=member_user)
    services.hide_question(question=advance_question, by=staff_user)

    delete_account(user=member_user)

    assert list(Question.objects.all()) == [kept]
    assert not QuestionVote.objects.exists()
    assert not ModelLogEntry.objects.filter(
        content_type__model="question", object_id=str(advance_question.pk)
    ).exists()


def test_a_published_answer_stays_without_the_asker_and_the_faq_stays(
    event_index, home_page, member_user, staff_user
):
    event = EventPageFactory(parent=event_index, starts_at=in_days(-2))
    RegistrationFactory(event=event, user=member_user, email=member_user.email)
    question = services.ask_question(
        event=event,
        user=member_user,
        body="Julkaistu kysymys",
        shows_name=True,
        now=event.starts_at - datetime.timedelta(days=1),
    )
    services.answer_question(question=question, by=staff_user, answer="Vastaus")
    services.publish_answers(event=event, by=staff_user)
    faq = FaqPageFactory(parent=home_page)
    services.draft_faq_from_question(
        question=question, by=staff_user, faq_page=faq, text="K?", answer="V."
    )

    delete_account(user=member_user)

    question.refresh_from_db()
    assert (question.asker, question.shows_name, question.asker_name) == (
        None,
        False,
        "",
    )
    assert list(Question.objects.published()) == [question]
    faq.refresh_from_db()
    assert "K?" in str(faq.get_latest_revision_as_object().sections.get_prep_value())


def test_an_answer_given_by_a_deleted_account_stays(advance_question, staff_user):
    services.answer_question(question=advance_question, by=staff_user, answer="V.")
    delete_account(user=staff_user)
    advance_question.refresh_from_db()
    assert (advance_question.answer, advance_question.answered_by) == ("V.", None)
