"""Answering rules (no HTTP): drafts, sending, one answer per municipality or person,
closing, extension, anonymity; each refusal writes nothing."""

import datetime

from django.utils import timezone

import pytest

from portal.access import Audience
from surveys import services
from surveys.exceptions import (
    AlreadyAnswered,
    AudienceNotAllowed,
    DraftNotAvailable,
    MunicipalityNotAllowed,
    MunicipalityRequired,
    SurveyClosed,
    SurveyNotOpen,
)
from surveys.models import SurveyPage, SurveyParticipation, SurveyResponse
from tests.factories.network import make_member, municipality
from tests.factories.portal import UserFactory
from tests.factories.surveys import (
    SurveyPageFactory,
    likert,
    municipality_question,
)

Respondent = services.Respondent
HELSINKI = {"municipality": "091", "resources": "4"}


@pytest.fixture
def second_member(db):
    return make_member(user=UserFactory(email="toinen@hel.fi")).user


@pytest.fixture
def oulu_member(db):
    return make_member(
        user=UserFactory(email="jasen@ouka.fi"), municipality=municipality("564")
    ).user


@pytest.fixture
def person_survey(survey_index_page):
    return SurveyPageFactory(
        parent=survey_index_page,
        answer_mode=SurveyPage.AnswerMode.PER_PERSON,
        send_receipt=True,
    )


@pytest.fixture
def link_survey(survey_index_page):
    return SurveyPageFactory(parent=survey_index_page, audience=Audience.PUBLIC)


def test_submit_stores_the_answer_with_municipality_and_person(
    members_survey, member_user
):
    response = services.submit_response(
        survey=members_survey, respondent=Respondent(user=member_user), answers=HELSINKI
    )
    assert response.is_submitted
    assert response.municipality == municipality("091")
    assert response.user == member_user
    assert response.respondent_key == f"municipality:{municipality('091').pk}"
    assert response.submitted_at is not None


def test_draft_then_send_keeps_one_row(members_survey, member_user):
    respondent = Respondent(user=member_user)
    draft = services.save_draft(
        survey=members_survey, respondent=respondent, answers={"municipality": "091"}
    )
    assert draft.status == SurveyResponse.Status.DRAFT
    assert (
        services.editable_response(survey=members_survey, respondent=respondent)
        == draft
    )
    sent = services.submit_response(
        survey=members_survey, respondent=respondent, answers=HELSINKI
    )
    assert sent.pk == draft.pk
    assert sent.is_submitted
    assert SurveyResponse.objects.count() == 1


def test_a_sent_answer_cannot_go_back_to_draft(members_survey, member_user):
    respondent = Respondent(user=member_user)
    services.submit_response(
        survey=members_survey, respondent=respondent, answers=HELSINKI
    )
    with pytest.raises(DraftNotAvailable):
        services.save_draft(
            survey=members_survey,
            respondent=respondent,
            answers={"municipality": "091"},
        )
    assert SurveyResponse.objects.get().answers == HELSINKI


def test_another_member_of_the_municipality_changes_the_same_answer(
    members_survey, member_user, second_member
):
    first = services.submit_response(
        survey=members_survey, respondent=Respondent(user=member_user), answers=HELSINKI
    )
    changed = services.submit_response(
        survey=members_survey,
        respondent=Respondent(user=second_member),
        answers={"municipality": "091", "resources": "2"},
    )
    assert changed.pk == first.pk
    assert changed.answers["resources"] == "2"
    assert changed.user == member_user
    assert changed.last_edited_by == second_member


def test_members_of_other_municipalities_answer_separately(
    members_survey, member_user, oulu_member
):
    services.submit_response(
        survey=members_survey, respondent=Respondent(user=member_user), answers=HELSINKI
    )
    services.submit_response(
        survey=members_survey,
        respondent=Respondent(user=oulu_member),
        answers={"municipality": "564", "resources": "5"},
    )
    assert SurveyResponse.objects.count() == 2


def test_member_cannot_answer_for_another_municipality(members_survey, member_user):
    with pytest.raises(MunicipalityNotAllowed):
        services.submit_response(
            survey=members_survey,
            respondent=Respondent(user=member_user),
            answers={"municipality": "564"},
            municipality=municipality("564"),
        )
    assert not SurveyResponse.objects.exists()


def test_link_visitor_cannot_overwrite_an_answered_municipality(link_survey):
    oulu = municipality("564")
    services.submit_response(
        survey=link_survey,
        respondent=Respondent(),
        answers={"municipality": "564", "resources": "5"},
        municipality=oulu,
    )
    with pytest.raises(AlreadyAnswered):
        services.submit_response(
            survey=link_survey,
            respondent=Respondent(),
            answers={"municipality": "564", "resources": "1"},
            municipality=oulu,
        )
    assert SurveyResponse.objects.get().answers["resources"] == "5"


def test_link_visitor_must_choose_a_municipality(link_survey):
    with pytest.raises(MunicipalityRequired):
        services.submit_response(
            survey=link_survey, respondent=Respondent(), answers={"resources": "5"}
        )
    assert not SurveyResponse.objects.exists()


def test_invitation_link_fixes_and_may_change_the_municipality_answer(link_survey):
    oulu = municipality("564")
    invited = Respondent(invited_municipality=oulu)
    services.submit_response(
        survey=link_survey, respondent=Respondent(), answers={}, municipality=oulu
    )
    changed = services.submit_response(
        survey=link_survey, respondent=invited, answers={"resources": "3"}
    )
    assert changed.municipality == oulu
    assert changed.answers == {"resources": "3"}
    with pytest.raises(MunicipalityNotAllowed):
        services.submit_response(
            survey=link_survey,
            respondent=invited,
            answers={},
            municipality=municipality("091"),
        )


def test_invitation_link_keeps_drafts_but_a_plain_visitor_cannot(link_survey):
    oulu = municipality("564")
    draft = services.save_draft(
        survey=link_survey,
        respondent=Respondent(invited_municipality=oulu),
        answers={"resources": "2"},
    )
    assert draft.status == SurveyResponse.Status.DRAFT
    with pytest.raises(DraftNotAvailable):
        services.save_draft(
            survey=link_survey,
            respondent=Respondent(),
            answers={},
            municipality=municipality("091"),
        )


def test_one_answer_per_person_is_the_persons_own(person_survey, member_user):
    respondent = Respondent(user=member_user)
    first = services.submit_response(
        survey=person_survey, respondent=respondent, answers=HELSINKI
    )
    second = services.submit_response(
        survey=person_survey,
        respondent=respondent,
        answers={"municipality": "091", "resources": "1"},
    )
    assert first.pk == second.pk
    assert first.respondent_key == f"user:{member_user.pk}"


def test_survey_not_open_yet_refuses_and_writes_nothing(members_survey, member_user):
    with pytest.raises(SurveyNotOpen):
        services.submit_response(
            survey=members_survey,
            respondent=Respondent(user=member_user),
            answers=HELSINKI,
            now=members_survey.opens_at - datetime.timedelta(minutes=1),
        )
    assert not SurveyResponse.objects.exists()


def test_closed_survey_refuses_changes(members_survey, member_user):
    respondent = Respondent(user=member_user)
    services.submit_response(
        survey=members_survey, respondent=respondent, answers=HELSINKI
    )
    with pytest.raises(SurveyClosed) as caught:
        services.submit_response(
            survey=members_survey,
            respondent=respondent,
            answers={"municipality": "091", "resources": "1"},
            now=members_survey.closes_at,
        )
    assert caught.value.status_code == 403
    assert SurveyResponse.objects.get().answers == HELSINKI


def test_audience_is_checked(members_survey, signed_in_user):
    with pytest.raises(AudienceNotAllowed):
        services.submit_response(
            survey=members_survey,
            respondent=Respondent(user=signed_in_user),
            answers=HELSINKI,
            municipality=municipality("091"),
        )
    assert not SurveyResponse.objects.exists()


def test_sending_queues_a_receipt_with_the_answers(
    person_survey, member_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_response(
            survey=person_survey,
            respondent=Respondent(user=member_user),
            answers=HELSINKI,
        )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [member_user.email]
    assert person_survey.title in mail.subject
    assert "Melko riittävät" in mail.body
    assert "Helsinki" in mail.body


def test_drafts_send_no_receipt(person_survey, member_user, mailoutbox):
    services.save_draft(
        survey=person_survey, respondent=Respondent(user=member_user), answers=HELSINKI
    )
    assert mailoutbox == []


# --- Anonymous surveys ----------------------------------------------------------------


@pytest.fixture
def anonymous_survey(survey_index_page):
    return SurveyPageFactory(
        parent=survey_index_page,
        audience=Audience.SIGNED_IN,
        answer_mode=SurveyPage.AnswerMode.PER_PERSON,
        is_anonymous=True,
        questions=[municipality_question(required=False), likert()],
    )


def test_anonymous_answer_stores_no_person_and_only_the_date(
    anonymous_survey, member_user, mailoutbox
):
    now = timezone.now()
    response = services.submit_response(
        survey=anonymous_survey,
        respondent=Respondent(user=member_user),
        answers={"resources": "2"},
        now=now,
    )
    response.refresh_from_db()
    assert response.user is None
    assert response.last_edited_by is None
    assert response.respondent_key == ""
    local = timezone.localtime(response.submitted_at)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert local.date() == timezone.localtime(now).date()
    assert mailoutbox == []
    participation = SurveyParticipation.objects.get()
    assert participation.user == member_user
    assert not hasattr(participation, "created_at")


def test_anonymous_survey_takes_one_answer_per_signed_in_person(
    anonymous_survey, member_user
):
    respondent = Respondent(user=member_user)
    services.submit_response(
        survey=anonymous_survey, respondent=respondent, answers={"resources": "2"}
    )
    with pytest.raises(AlreadyAnswered):
        services.submit_response(
            survey=anonymous_survey, respondent=respondent, answers={"resources": "5"}
        )
    assert SurveyResponse.objects.count() == 1
    assert services.has_participated(survey=anonymous_survey, respondent=respondent)
    assert (
        services.editable_response(survey=anonymous_survey, respondent=respondent)
        is None
    )


def test_anonymous_survey_offers_no_drafts_to_a_person(anonymous_survey, member_user):
    with pytest.raises(DraftNotAvailable):
        services.save_draft(
            survey=anonymous_survey,
            respondent=Respondent(user=member_user),
            answers={"resources": "2"},
        )
    assert not SurveyParticipation.objects.exists()


# --- Closing time and extension -------------------------------------------------------


def test_extending_after_opening_keeps_the_original_close(members_survey):
    original = members_survey.closes_at
    members_survey.closes_at = original + datetime.timedelta(days=7)
    members_survey.save_revision().publish()
    members_survey.refresh_from_db()
    assert members_survey.original_closes_at == original
    assert members_survey.is_extended


def test_changing_the_close_before_opening_is_no_extension(survey_index_page):
    survey = SurveyPageFactory(
        parent=survey_index_page,
        opens_at=timezone.now() + datetime.timedelta(days=3),
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    survey.closes_at += datetime.timedelta(days=5)
    survey.save_revision().publish()
    survey.refresh_from_db()
    assert survey.original_closes_at == survey.closes_at
    assert not survey.is_extended


def test_an_extended_survey_takes_answers_after_the_original_close(
    members_survey, member_user
):
    original = members_survey.closes_at
    members_survey.closes_at = original + datetime.timedelta(days=7)
    members_survey.save_revision().publish()
    response = services.submit_response(
        survey=SurveyPage.objects.get(pk=members_survey.pk),
        respondent=Respondent(user=member_user),
        answers=HELSINKI,
        now=original + datetime.timedelta(days=1),
    )
    assert response.is_submitted


# --- Translations share the answers ---------------------------------------------------


def test_swedish_page_answers_go_to_the_finnish_survey(
    members_survey, member_user, locales
):
    swedish = members_survey.copy_for_translation(locales["sv"], copy_parents=True)
    swedish.save_revision().publish()
    swedish = SurveyPage.objects.get(pk=swedish.pk)
    assert swedish.canonical == members_survey
    response = services.submit_response(
        survey=swedish, respondent=Respondent(user=member_user), answers=HELSINKI
    )
    assert response.survey_id == members_survey.pk


def test_submit_runs_a_bounded_number_of_queries(
    members_survey, member_user, django_assert_max_num_queries
):
    member_user = type(member_user).objects.get(pk=member_user.pk)
    with django_assert_max_num_queries(14):
        services.submit_response(
            survey=SurveyPage.objects.get(pk=members_survey.pk),
            respondent=Respondent(user=member_user),
            answers=HELSINKI,
        )
