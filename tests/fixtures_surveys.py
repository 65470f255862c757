"""Survey pages for the access matrix and the survey tests."""

import pytest

from portal.access import Audience
from surveys.models import SurveyPage
from tests.factories.network import municipality
from tests.factories.surveys import (
    SurveyPageFactory,
    answer_for,
    close,
    survey_index,
)

PUBLISHED_MUNICIPALITIES = ["091", "049", "092", "837", "853"]


@pytest.fixture
def survey_index_page(home_page):
    return survey_index(home_page)


@pytest.fixture
def members_survey(survey_index_page):
    """Open; verified members answer, one answer per municipality."""
    return SurveyPageFactory(
        parent=survey_index_page, title="Jäsenkysely", slug="jasenkysely"
    )


@pytest.fixture
def signed_in_survey(survey_index_page):
    """Open to every signed-in user, one answer per person."""
    return SurveyPageFactory(
        parent=survey_index_page,
        title="Kaikille kirjautuneille",
        slug="kirjautuneet",
        audience=Audience.SIGNED_IN,
        answer_mode=SurveyPage.AnswerMode.PER_PERSON,
    )


@pytest.fixture
def unpublished_survey(survey_index_page):
    """Closed, results not published."""
    return close(
        SurveyPageFactory(
            parent=survey_index_page, title="Suljettu kysely", slug="suljettu"
        )
    )


@pytest.fixture
def published_survey(survey_index_page):
    """Closed, open to anyone with the link, results published to members; five
    municipalities answered."""
    survey = SurveyPageFactory(
        parent=survey_index_page,
        title="Pulssi",
        slug="pulssi",
        audience=Audience.PUBLIC,
        results_published=True,
    )
    for code in PUBLISHED_MUNICIPALITIES:
        answer_for(
            survey,
            municipality(code),
            {"municipality": code, "resources": "4"},
        )
    return close(survey)
