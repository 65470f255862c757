"""Surveys in the staff coverage view, and in "download my data" and account deletion."""

from django.utils import timezone

import pytest

from network import coverage, personal_data
from network.models import Municipality
from portal.access import Audience
from surveys import services
from surveys.models import (
    PreparerInvitation,
    SurveyParticipation,
    SurveyResponse,
)
from tests.factories.network import municipality
from tests.factories.surveys import (
    SurveyPageFactory,
    contact_persons,
    municipality_question,
)

Respondent = services.Respondent


def test_each_live_survey_is_a_coverage_column(members_survey, published_survey):
    columns = {column.key: column for column in coverage.extra_columns()}
    column = columns[f"survey-{published_survey.pk}"]
    assert published_survey.title in str(column.label)
    counts = column.counts()
    assert len(counts) == 5
    assert counts[municipality("091").pk] == 1
    assert columns[f"survey-{members_survey.pk}"].counts() == {}


def test_coverage_counts_only_sent_answers(members_survey, member_user):
    services.save_draft(
        survey=members_survey,
        respondent=Respondent(user=member_user),
        answers={"municipality": "091"},
    )
    assert services.answer_counts(members_survey.pk) == {}


def test_coverage_columns_take_one_query_per_survey(
    members_survey, published_survey, django_assert_num_queries
):
    # The surveys, then one count per survey.
    with django_assert_num_queries(3):
        columns = services.coverage_columns()
        for column in columns:
            column.counts()
    assert len(columns) == 2


@pytest.fixture
def mapping(survey_index_page):
    return SurveyPageFactory(
        parent=survey_index_page,
        audience=Audience.SIGNED_IN,
        builds_preparer_register=True,
        questions=[municipality_question(), contact_persons()],
    )


@pytest.fixture
def answered_mapping(mapping, member_user):
    services.submit_response(
        survey=mapping,
        respondent=Respondent(user=member_user),
        answers={
            "municipality": "091",
            "contacts": [
                {"name": "Jäsen Itse", "title": "", "email": member_user.email.upper(),
                 "phone": "", "role": ""},
                {"name": "Toinen Henkilö", "title": "", "email": "toinen@hel.fi",
                 "phone": "", "role": ""},
            ],
        },
    )  # fmt: skip
    PreparerInvitation.objects.create(
        email=member_user.email,
        municipality=municipality("091"),
        invited_at=timezone.now(),
    )
    return mapping


def test_personal_data_lists_answers_and_mentions(answered_mapping, member_user):
    data = personal_data.collect_personal_data(member_user)["survey_answers"]
    assert [answer["survey"] for answer in data["answers"]] == [answered_mapping.title]
    assert [item["person"]["name"] for item in data["named_as_contact_person"]] == [
        "Jäsen Itse"
    ]
    assert [item["email"] for item in data["preparer_invitations"]] == [
        member_user.email
    ]


def test_erasure_detaches_answers_and_removes_the_person(answered_mapping, member_user):
    personal_data.run_erase_hooks(member_user)
    response = SurveyResponse.objects.get()
    assert response.user is None
    assert response.last_edited_by is None
    assert [p["name"] for p in response.answers["contacts"]] == ["Toinen Henkilö"]
    assert not PreparerInvitation.objects.exists()
    assert Municipality.objects.filter(code="091").exists()


def test_erasure_removes_participation_in_anonymous_surveys(
    survey_index_page, member_user
):
    from surveys.models import SurveyPage

    survey = SurveyPageFactory(
        parent=survey_index_page,
        audience=Audience.SIGNED_IN,
        answer_mode=SurveyPage.AnswerMode.PER_PERSON,
        is_anonymous=True,
        questions=[municipality_question(required=False)],
    )
    services.submit_response(
        survey=survey, respondent=Respondent(user=member_user), answers={}
    )
    personal_data.run_erase_hooks(member_user)
    assert not SurveyParticipation.objects.exists()
    assert SurveyResponse.objects.count() == 1
