"""Editors' mistakes in question blocks and survey settings are caught with clear messages."""

import datetime

from django.core.exceptions import ValidationError

from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from portal.access import Audience
from surveys.blocks import QuestionStreamBlock
from surveys.models import SurveyPage
from tests.factories.surveys import (
    SurveyPageFactory,
    contact_persons,
    likert,
    matrix,
    multiple_choice,
    municipality_question,
    single_choice,
)

STREAM = QuestionStreamBlock()


def clean(*blocks):
    return STREAM.clean(STREAM.to_python(list(blocks)))


def block_errors(error: StreamBlockValidationError, index: int) -> dict:
    nested = error.block_errors[index]
    assert isinstance(nested, StructBlockValidationError)
    return {name: list(e.messages) for name, e in nested.block_errors.items()}


def test_valid_questions_pass():
    value = clean(municipality_question(), likert(), matrix(), multiple_choice())
    assert [child.block_type for child in value] == [
        "municipality",
        "likert",
        "matrix",
        "multiple_choice",
    ]


def test_identifier_must_be_a_slug():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(likert(identifier="Resurssit ja raha"))
    errors = block_errors(caught.value, 0)
    assert "lower-case letters" in errors["identifier"][0]


def test_identifier_must_be_unique_within_the_survey():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(likert(identifier="resources"), single_choice(identifier="resources"))
    assert list(caught.value.block_errors) == [1]
    assert (
        "already uses the identifier “resources”"
        in (block_errors(caught.value, 1)["identifier"][0])
    )


def test_condition_must_name_an_earlier_choice_question():
    later = single_choice(
        identifier="follow-up", show_if_question="started", show_if_value="yes"
    )
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(later, single_choice(identifier="started"))
    assert (
        "earlier single-choice" in block_errors(caught.value, 0)["show_if_question"][0]
    )


def test_condition_value_must_be_one_of_the_questions_values():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(
            single_choice(identifier="started"),
            likert(show_if_question="started", show_if_value="maybe"),
        )
    assert block_errors(caught.value, 1) == {
        "show_if_value": ["Use one of that question's values: yes, no."]
    }


def test_condition_needs_both_question_and_value():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(single_choice(identifier="started"), likert(show_if_question="started"))
    assert "show_if_value" in block_errors(caught.value, 1)


def test_repeated_option_values_are_refused():
    repeated = [{"value": "yes", "label": "Kyllä"}, {"value": "yes", "label": "Joo"}]
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(single_choice(choices=repeated))
    assert "repeated: yes" in block_errors(caught.value, 0)["choices"][0]


def test_repeated_scale_values_are_refused():
    steps = [{"label": "Hyvä", "value": 1}, {"label": "Huono", "value": 1}]
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(likert(scale=steps))
    assert "repeated: 1" in block_errors(caught.value, 0)["scale"][0]


def test_repeated_matrix_statements_are_refused():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(matrix(statements=[("a", "Yksi"), ("a", "Kaksi")]))
    assert "repeated: a" in block_errors(caught.value, 0)["statements"][0]


def test_contact_person_limits_must_be_in_order():
    with pytest.raises(StreamBlockValidationError) as caught:
        clean(contact_persons(min_persons=3, max_persons=2))
    assert "max_persons" in block_errors(caught.value, 0)


# --- Survey settings (SurveyPage.clean) -----------------------------------------------


@pytest.fixture
def survey(survey_index_page):
    return SurveyPageFactory(parent=survey_index_page)


def clean_errors(page: SurveyPage) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        page.clean()
    return caught.value.message_dict


def test_survey_open_to_anyone_needs_a_municipality_question(survey):
    survey.audience = Audience.PUBLIC
    survey.answer_mode = SurveyPage.AnswerMode.PER_PERSON
    survey.questions = [likert()]
    assert "Add a municipality question" in clean_errors(survey)["questions"][0]


def test_anonymous_survey_cannot_ask_for_contact_persons(survey):
    survey.is_anonymous = True
    survey.questions = [municipality_question(), contact_persons()]
    assert "contact persons" in clean_errors(survey)["is_anonymous"][0]


def test_anonymous_survey_cannot_send_a_copy_of_the_answers(survey):
    survey.is_anonymous = True
    survey.send_receipt = True
    assert "tie the answers to a person" in clean_errors(survey)["send_receipt"][0]


def test_survey_must_close_after_it_opens(survey):
    survey.closes_at = survey.opens_at - datetime.timedelta(hours=1)
    assert clean_errors(survey)["closes_at"] == [
        "The survey must close after it opens."
    ]


def test_answer_mode_and_anonymity_are_locked_once_answers_exist(survey, member_user):
    from surveys import services

    services.submit_response(
        survey=survey,
        respondent=services.Respondent(user=member_user),
        answers={"municipality": "091", "resources": "3"},
    )
    survey.answer_mode = SurveyPage.AnswerMode.PER_PERSON
    survey.is_anonymous = True
    errors = clean_errors(survey)
    assert set(errors) >= {"answer_mode", "is_anonymous"}


def test_translation_must_ask_the_same_questions(survey, locales):
    translation = survey.copy_for_translation(locales["sv"], copy_parents=True)
    translation.questions = [
        municipality_question(),
        single_choice(identifier="resources"),
    ]
    assert "resources" in clean_errors(translation)["questions"][0]


def test_valid_survey_cleans_and_remembers_the_close(survey):
    survey.clean()
    assert survey.original_closes_at == survey.closes_at
