"""Fixed query budgets for the survey pages, also with many surveys and answers."""

from django.utils import timezone

import pytest

from network.models import Municipality
from surveys.models import SurveyResponse
from tests.factories.surveys import SurveyPageFactory


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


def test_form_and_thanks_pages(
    member_client, members_survey, django_assert_max_num_queries
):
    member_client.get(members_survey.url)
    with django_assert_max_num_queries(28):
        assert member_client.get(members_survey.url).status_code == 200
    with django_assert_max_num_queries(28):
        assert member_client.get(members_survey.url + "thanks/").status_code == 200


def test_index_with_many_surveys(
    member_client, survey_index_page, django_assert_max_num_queries
):
    for number in range(12):
        SurveyPageFactory(parent=survey_index_page, title=f"Kysely {number}")
    member_client.get(survey_index_page.url)
    with django_assert_max_num_queries(24):
        response = member_client.get(survey_index_page.url)
    assert len(response.context["open_surveys"]) == 12


def test_published_results_of_2000_answers(
    member_client, published_survey, django_assert_max_num_queries
):
    municipalities = list(Municipality.objects.all())
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey=published_survey,
            status=SurveyResponse.Status.SUBMITTED,
            municipality=municipalities[number % len(municipalities)],
            answers={"resources": str(1 + number % 5)},
            submitted_at=timezone.now(),
        )
        for number in range(2000)
    )
    url = published_survey.url + "results/"
    member_client.get(url)
    with django_assert_max_num_queries(28):
        response = member_client.get(url, {"region": "Uusimaa"})
    assert response.status_code == 200
    assert response.context["results"].answers > 5
