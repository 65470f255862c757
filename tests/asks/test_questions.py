"""Questions before a Q&A hour: who may ask and vote, every change of a question
through the services, the office's audit log, the FAQ draft and the settings' cache."""

import datetime

from django.core.cache import cache
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from asks import access, services
from asks.exceptions import (
    QuestionClosedError,
    QuestionError,
    QuestionNotAllowedError,
    QuestionRateLimitError,
)
from asks.models import EventQuestionSettings, Question, QuestionVote
from tests.factories.asks import question_by, register
from tests.factories.events import EventPageFactory, in_days
from tests.factories.materials import FaqPageFactory
from tests.factories.network import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrant(qa_event):
    user = make_member().user
    register(user, qa_event)
    return user


def _audit_actions(instance) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(instance)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# --- asking ------------------------------------------------------------------------


def test_a_registrant_asks_and_the_text_is_sanitised(qa_event, registrant):
    question = services.ask_question(
        event=qa_event,
        user=registrant,
        body="**Miksi?** <script>alert(1)</script>",
        shows_name=True,
    )
    assert question.status == Question.Status.OPEN
    assert "<strong>Miksi?</strong>" in question.body_html
    assert "<script>" not in question.body_html
    assert question.asker_name == registrant.get_full_name()


def test_the_name_is_not_shown_unless_the_asker_chooses(qa_event, registrant):
    question = question_by(registrant, qa_event, shows_name=False)
    assert question.asker_name == ""


def test_a_member_who_has_not_registered_may_not_ask(qa_event, member_user):
    with pytest.raises(QuestionNotAllowedError):
        services.ask_question(
            event=qa_event, user=member_user, body="K?", shows_name=False
        )
    assert not Question.objects.exists()


def test_a_member_may_ask_where_the_editor_allows(qa_event, member_user, staff_user):
    services.change_question_settings(
        event=qa_event, by=staff_user, is_open=True, members_may_ask=True
    )
    assert question_by(member_user, qa_event).asker == member_user


def test_a_signed_in_non_member_may_not_ask_even_where_members_may(
    qa_event, signed_in_user, staff_user
):
    services.change_question_settings(
        event=qa_event, by=staff_user, is_open=True, members_may_ask=True
    )
    with pytest.raises(QuestionNotAllowedError):
        question_by(signed_in_user, qa_event)


def test_questions_are_not_taken_once_the_event_starts(qa_event, registrant):
    with pytest.raises(QuestionClosedError):
        services.ask_question(
            event=qa_event,
            user=registrant,
            body="K?",
            shows_name=False,
            now=qa_event.starts_at,
        )


def test_questions_are_not_taken_when_closed(qa_event, registrant, staff_user):
    services.change_question_settings(
        event=qa_event, by=staff_user, is_open=False, members_may_ask=False
    )
    with pytest.raises(QuestionClosedError):
        question_by(registrant, qa_event)


def test_a_cancelled_event_takes_no_questions(qa_event, registrant):
    qa_event.is_cancelled = True
    with pytest.raises(QuestionClosedError):
        question_by(registrant, qa_event)


def test_other_event_types_take_no_questions_unless_opened(
    event_index, member_user, staff_user
):
    meeting = EventPageFactory(parent=event_index, event_type="network_meeting")
    register(member_user, meeting)
    with pytest.raises(QuestionClosedError):
        question_by(member_user, meeting)
    services.change_question_settings(
        event=meeting, by=staff_user, is_open=True, members_may_ask=False
    )
    assert question_by(member_user, meeting).event == meeting


def test_asking_has_an_hourly_limit(qa_event, registrant):
    for n in range(services.QUESTIONS_PER_HOUR):
        question_by(registrant, qa_event, body=f"K {n}")
    with pytest.raises(QuestionRateLimitError) as raised:
        question_by(registrant, qa_event)
    assert raised.value.retry_after > 0
    assert Question.objects.count() == services.QUESTIONS_PER_HOUR


# --- the asker's changes -------------------------------------------------------------


def test_the_asker_edits_before_the_event(advance_question, member_user):
    edited = services.edit_question(
        question=advance_question, by=member_user, body="Uusi *teksti*", shows_name=True
    )
    assert edited.body_html == "<p>Uusi <em>teksti</em></p>"
    assert edited.shows_name


def test_nobody_else_edits_a_question(advance_question, registrant):
    with pytest.raises(QuestionClosedError):
        services.edit_question(
            question=advance_question, by=registrant, body="X", shows_name=False
        )


def test_an_answered_question_is_no_longer_the_askers_to_change(
    advance_question, member_user, staff_user
):
    services.answer_question(question=advance_question, by=staff_user, answer="V.")
    with pytest.raises(QuestionClosedError):
        services.withdraw_question(question=advance_question, by=member_user)


def test_the_asker_withdraws_with_the_votes(advance_question, member_user, registrant):
    services.vote_for_question(question=advance_question, user=registrant)
    services.withdraw_question(question=advance_question, by=member_user)
    assert not Question.objects.exists()
    assert not QuestionVote.objects.exists()


def test_the_asker_cannot_change_after_the_start(advance_question, member_user):
    with pytest.raises(QuestionClosedError):
        services.withdraw_question(
            question=advance_question,
            by=member_user,
            now=advance_question.event.starts_at,
        )


# --- votes ---------------------------------------------------------------------------


def test_one_me_too_per_person_which_they_can_take_back(advance_question, registrant):
    services.vote_for_question(question=advance_question, user=registrant)
    services.vote_for_question(question=advance_question, user=registrant)
    assert advance_question.votes.count() == 1
    services.withdraw_vote(question=advance_question, user=registrant)
    assert advance_question.votes.count() == 0


def test_no_me_too_on_ones_own_question(advance_question, member_user):
    with pytest.raises(QuestionNotAllowedError):
        services.vote_for_question(question=advance_question, user=member_user)


def test_only_those_taking_part_vote(advance_question, signed_in_user):
    with pytest.raises(QuestionNotAllowedError):
        services.vote_for_question(question=advance_question, user=signed_in_user)


def test_no_votes_after_the_start(advance_question, registrant):
    start = advance_question.event.starts_at
    with pytest.raises(QuestionNotAllowedError):
        services.vote_for_question(
            question=advance_question, user=registrant, now=start
        )
    with pytest.raises(QuestionClosedError):
        services.withdraw_vote(question=advance_question, user=registrant, now=start)


def test_no_votes_on_a_hidden_question(advance_question, registrant, staff_user):
    services.hide_question(question=advance_question, by=staff_user)
    advance_question.refresh_from_db()
    with pytest.raises(QuestionNotAllowedError):
        services.vote_for_question(question=advance_question, user=registrant)


# --- the office's changes -------------------------------------------------------------


def test_hiding_and_showing_again_keep_the_answer(advance_question, staff_user):
    services.answer_question(question=advance_question, by=staff_user, answer="V.")
    hidden = services.hide_question(question=advance_question, by=staff_user)
    assert hidden.status == Question.Status.HIDDEN
    assert not Question.objects.visible().exists()
    shown = services.show_question(question=hidden, by=staff_user)
    assert shown.status == Question.Status.ANSWERED
    assert _audit_actions(advance_question) == [
        "asks.question_answered",
        "asks.question_hidden",
        "asks.question_shown",
    ]


def test_showing_an_unanswered_question_reopens_it(advance_question, staff_user):
    hidden = services.hide_question(question=advance_question, by=staff_user)
    assert services.show_question(question=hidden, by=staff_user).status == "open"


def test_showing_a_visible_question_is_refused(advance_question, staff_user):
    with pytest.raises(QuestionClosedError):
        services.show_question(question=advance_question, by=staff_user)


def test_answering_needs_text_and_records_who_and_when(advance_question, staff_user):
    with pytest.raises(QuestionError):
        services.answer_question(question=advance_question, by=staff_user, answer=" ")
    moment = in_days(8)
    answered = services.answer_question(
        question=advance_question, by=staff_user, answer="Valtuusto.", now=moment
    )
    assert (answered.status, answered.answer) == ("answered", "Valtuusto.")
    assert (answered.answered_by, answered.answered_at) == (staff_user, moment)
    corrected = services.answer_question(
        question=answered, by=staff_user, answer="Valtuusto tai elin.", now=in_days(9)
    )
    assert corrected.answered_at == moment


def test_a_hidden_question_is_not_answered(advance_question, staff_user):
    services.hide_question(question=advance_question, by=staff_user)
    with pytest.raises(QuestionClosedError):
        services.answer_question(question=advance_question, by=staff_user, answer="V")


def test_merging_moves_the_votes_and_the_asker_and_points_to_the_target(
    qa_event, advance_question, member_user, registrant, staff_user
):
    third = make_member().user
    register(third, qa_event)
    duplicate = question_by(registrant, qa_event, body="Kuka hyväksyy lupauksen?")
    services.vote_for_question(question=duplicate, user=third)
    services.vote_for_question(question=advance_question, user=third)

    merged = services.merge_question(
        question=duplicate, into=advance_question, by=staff_user
    )

    assert merged.status == Question.Status.MERGED
    assert merged.merged_into == advance_question
    assert not merged.votes.exists()
    voters = set(advance_question.votes.values_list("user", flat=True))
    assert voters == {registrant.pk, third.pk}
    assert _audit_actions(duplicate) == ["asks.question_merged"]


def test_a_question_is_not_merged_into_itself_or_another_events(
    qa_event, event_index, advance_question, staff_user, registrant
):
    with pytest.raises(QuestionError):
        services.merge_question(
            question=advance_question, into=advance_question, by=staff_user
        )
    other_event = EventPageFactory(parent=event_index)
    register(registrant, other_event)
    elsewhere = question_by(registrant, other_event)
    with pytest.raises(QuestionError):
        services.merge_question(
            question=advance_question, into=elsewhere, by=staff_user
        )


def test_a_question_is_not_merged_into_a_hidden_one(
    qa_event, advance_question, registrant, staff_user
):
    other = question_by(registrant, qa_event, body="Toinen")
    services.hide_question(question=other, by=staff_user)
    with pytest.raises(QuestionClosedError):
        services.merge_question(question=advance_question, into=other, by=staff_user)
    advance_question.refresh_from_db()
    assert advance_question.status == Question.Status.OPEN


# --- settings and publishing ----------------------------------------------------------


def test_settings_default_open_for_a_qa_hour_and_are_logged(qa_event, staff_user):
    assert services.question_settings(qa_event).is_open
    assert not services.question_settings(qa_event).members_may_ask
    changed = services.change_question_settings(
        event=qa_event, by=staff_user, is_open=False, members_may_ask=True
    )
    assert _audit_actions(changed) == ["asks.questions_changed"]
    assert not services.question_settings(qa_event).is_open


def test_changed_settings_leave_the_cache(qa_event, staff_user):
    services.question_settings(qa_event)  # cached
    services.change_question_settings(
        event=qa_event, by=staff_user, is_open=False, members_may_ask=False
    )
    assert not services.question_settings(qa_event).is_open
    EventQuestionSettings.objects.filter(event=qa_event).delete()
    assert services.question_settings(qa_event).is_open
    assert cache.get(services.settings_cache_key(qa_event.pk)) == {}


def test_answers_are_published_only_after_the_event(
    qa_event, advance_question, staff_user
):
    services.answer_question(question=advance_question, by=staff_user, answer="V.")
    with pytest.raises(QuestionClosedError):
        services.publish_answers(event=qa_event, by=staff_user)
    after = qa_event.ends_at + datetime.timedelta(minutes=1)
    published = services.publish_answers(event=qa_event, by=staff_user, now=after)
    assert published.answers_published_at == after
    assert list(Question.objects.published()) == [advance_question]
    services.unpublish_answers(event=qa_event, by=staff_user)
    assert not Question.objects.published().exists()
    assert _audit_actions(published) == [
        "asks.answers_published",
        "asks.answers_unpublished",
    ]


# --- to the FAQ ---------------------------------------------------------------------


def test_an_answered_question_becomes_a_faq_draft_without_the_asker(
    home_page, qa_event, advance_question, member_user, staff_user, themes
):
    qa_event.themes.set([themes["tyollisyysalueet"]])
    qa_event.save()  # a page's themes are committed with it
    faq = FaqPageFactory(parent=home_page)
    with pytest.raises(QuestionClosedError):
        services.draft_faq_from_question(
            question=advance_question, by=staff_user, faq_page=faq, text="K", answer="V"
        )
    services.answer_question(question=advance_question, by=staff_user, answer="V.")

    services.draft_faq_from_question(
        question=advance_question,
        by=staff_user,
        faq_page=faq,
        text="Kuka hyväksyy palvelulupauksen?",
        answer="Vastuukunnan valtuusto.",
    )

    draft = faq.get_latest_revision_as_object().sections.get_prep_value()
    [section] = draft
    assert section["value"]["theme"] == themes["tyollisyysalueet"].pk
    [entry] = section["value"]["questions"]
    assert entry["question"] == "Kuka hyväksyy palvelulupauksen?"
    assert "Vastuukunnan valtuusto." in entry["answer"]
    assert member_user.email not in str(draft)
    assert member_user.get_full_name() not in str(draft)
    advance_question.refresh_from_db()
    assert advance_question.faq_page_id == faq.pk
    assert not services.can_question_become_faq(advance_question)
    assert "asks.question_faq_drafted" in _audit_actions(advance_question)


# --- access rules ----------------------------------------------------------------------


def test_who_sees_the_questions_before_they_are_published(
    qa_event, member_user, signed_in_user, staff_user, registrant
):
    settings = services.question_settings(qa_event)

    def sees(user):
        registration = services._event_registration(qa_event, user)
        return access.can_see_questions(
            user, qa_event, settings=settings, registration=registration
        )

    assert sees(registrant)
    assert sees(staff_user)
    assert not sees(member_user)
    assert not sees(signed_in_user)


def test_a_waitlisted_registrant_takes_part(event_index):
    full = EventPageFactory(parent=event_index, capacity=1, has_waitlist=True)
    register(make_member().user, full)
    waiting = make_member().user
    assert not register(waiting, full).is_confirmed
    assert question_by(waiting, full).asker == waiting


def test_questions_cannot_be_changed_after_the_start(advance_question, member_user):
    start = advance_question.event.starts_at
    assert access.can_change_own_question(
        member_user, advance_question, now=start - datetime.timedelta(seconds=1)
    )
    assert not access.can_change_own_question(member_user, advance_question, now=start)
    assert timezone.now() < start
