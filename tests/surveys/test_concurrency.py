"""Members of one municipality saving its answer at the same moment, on PostgreSQL: one
answer row, both saves succeed, the later one wins; the database refuses a second row."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import IntegrityError, connection, transaction

import pytest

from portal.models import HomePage
from surveys import services
from surveys.models import SurveyResponse
from tests.factories.network import make_member, municipality
from tests.factories.portal import UserFactory
from tests.factories.surveys import SurveyPageFactory, survey_index

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("transactional_site")]

MEMBERS = 8


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite lets one writer in at a time, so there is no race "
            "to test (run with DATABASE_URL=postgres://…)"
        )


@pytest.fixture
def survey(require_postgres):
    home = HomePage.objects.get(locale__language_code="fi")
    return SurveyPageFactory(parent=survey_index(home))


def test_without_the_lock_two_saves_race_into_the_constraint(survey):
    """The race the service guards against: both look, find nothing and insert."""
    key = f"municipality:{municipality('091').pk}"
    looked = threading.Barrier(2)

    def naive_save(_n: int) -> str:
        try:
            with transaction.atomic():
                existing = SurveyResponse.objects.filter(
                    survey=survey, respondent_key=key
                ).first()
                looked.wait()
                if existing is None:
                    SurveyResponse.objects.create(survey=survey, respondent_key=key)
            return "saved"
        except IntegrityError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(naive_save, range(2)))

    assert outcomes == ["refused", "saved"]


def test_parallel_saves_of_one_municipality_make_one_answer(survey):
    members = [
        make_member(user=UserFactory(email=f"valmistelija{n}@hel.fi")).user
        for n in range(MEMBERS)
    ]
    start = threading.Barrier(MEMBERS)

    def save(n: int) -> int:
        try:
            start.wait()
            response = services.submit_response(
                survey=survey,
                respondent=services.Respondent(user=members[n]),
                answers={"municipality": "091", "resources": str(1 + n % 5)},
            )
            return response.pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
        saved = list(pool.map(save, range(MEMBERS)))

    assert len(set(saved)) == 1
    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.municipality == municipality("091")
    assert stored.is_submitted
    assert stored.last_edited_by_id in {member.pk for member in members}


def test_the_database_refuses_a_second_answer_for_a_municipality(survey):
    key = f"municipality:{municipality('091').pk}"
    SurveyResponse.objects.create(survey=survey, respondent_key=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, respondent_key=key)
    SurveyResponse.objects.create(survey=survey, respondent_key="")
    SurveyResponse.objects.create(survey=survey, respondent_key="")
    assert SurveyResponse.objects.filter(survey=survey).count() == 3
