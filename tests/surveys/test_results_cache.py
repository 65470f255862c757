"""Cached survey results equal the computed ones, and follow every saved or deleted answer."""

import datetime
import random

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from network.models import Municipality
from portal.access import Audience
from surveys import results
from surveys.filters import MunicipalityFilter
from surveys.models import SurveyPage, SurveyResponse
from tests.factories.surveys import (
    SurveyPageFactory,
    SurveySeriesFactory,
    block,
    likert,
    matrix,
    multiple_choice,
    municipality_question,
    number,
)

pytestmark = pytest.mark.django_db

FILTERS = [
    None,
    {"region": "Uusimaa"},
    {"size": "under-5000"},
    {"language": "sv"},
    {"region": "Uusimaa", "size": "100000-"},
    {"region": "Kainuu"},  # fewer than five answers: nothing published
]


def random_answers(survey, count: int, seed: int) -> None:
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.order_by("code"))
    now = timezone.now()
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey=survey,
            status=SurveyResponse.Status.SUBMITTED,
            municipality=rng.choice(municipalities),
            answers={
                "resources": rng.choice(["5", "4", "3", "2", "1", "cant_say"]),
                "cooperation": {"division": rng.choice("12345"), "roles": "3"},
                "support": {
                    "choices": rng.sample(
                        ["training", "guidance"], k=rng.randint(0, 2)
                    ),
                    "other": rng.choice(["", "Vertaistuki"]),
                },
                "staff": rng.randint(0, 20),
                "wishes": rng.choice(["Lisää resursseja", "Koulutusta"]),
            },
            created_at=now,
            updated_at=now,
            submitted_at=now,
        )
        for _i in range(count)
    )


@pytest.fixture
def rounds(survey_index_page):
    """A pulse series of two rounds (the first closed and published) with answers."""
    series = SurveySeriesFactory()
    questions = [
        municipality_question(),
        likert(required=True),
        matrix(),
        multiple_choice(),
        number(),
        block("long_text", "wishes", "Toiveet"),
    ]
    first = SurveyPageFactory(
        parent=survey_index_page,
        title="Pulssi 2025/1",
        series=series,
        audience=Audience.PUBLIC,
        questions=questions,
        opens_at=timezone.now() - datetime.timedelta(days=100),
        closes_at=timezone.now() - datetime.timedelta(days=80),
        results_published=True,
    )
    second = SurveyPageFactory(
        parent=survey_index_page,
        title="Pulssi 2025/2",
        series=series,
        audience=Audience.PUBLIC,
        questions=questions,
    )
    random_answers(first, 150, seed=1)
    random_answers(second, 120, seed=2)
    return first, SurveyPage.objects.get(pk=second.pk)


def municipalities(data):
    return MunicipalityFilter(data).municipalities


def computed(page, data, *, full):
    rounds = results.shown_rounds(page.canonical, full=full, now=timezone.now())
    return results.compute_results(page, municipalities(data), full=full, rounds=rounds)


@pytest.mark.parametrize("data", FILTERS)
def test_cached_results_equal_the_computed_ones(rounds, data):
    _first, page = rounds
    now = timezone.now()
    staff = computed(page, data, full=True)
    published = computed(page, data, full=False)
    for _time in range(2):  # computed and stored, then read from the cache
        assert results.staff_results(
            page=page, municipalities=municipalities(data)
        ) == (staff)
        assert (
            results.published_results(
                page=page, municipalities=municipalities(data), now=now
            )
            == published
        )
    assert staff.trends and staff.questions
    assert staff != published


def test_warm_results_read_no_answers(rounds):
    _first, page = rounds
    results.staff_results(page=page)
    with CaptureQueriesContext(connection) as queries:
        results.staff_results(page=page)
    assert not any("surveys_surveyresponse" in q["sql"] for q in queries)
    assert len(queries) <= 1  # the rounds of the series


def test_a_saved_or_deleted_answer_shows_at_once(rounds):
    _first, page = rounds
    assert results.staff_results(page=page).answers == 120
    answer = SurveyResponse.objects.create(
        survey=page,
        status=SurveyResponse.Status.SUBMITTED,
        municipality=Municipality.objects.get(code="091"),
        answers={"resources": "5"},
        submitted_at=timezone.now(),
    )
    assert results.staff_results(page=page).answers == 121
    answer.answers = {"resources": "1"}
    answer.save()
    resources = results.staff_results(page=page).questions[1]
    assert resources == computed(page, None, full=True).questions[1]
    answer.delete()
    assert results.staff_results(page=page).answers == 120


def test_a_round_closing_changes_the_published_trends(rounds):
    first, page = rounds
    now = timezone.now()
    assert results.published_results(page=page, now=now).trends
    before_it_closed = first.closes_at - datetime.timedelta(days=1)
    assert results.published_results(page=page, now=before_it_closed).trends == []


def test_results_pages_render_the_same_from_the_cache(client, rounds, admin_user):
    _first, page = rounds
    client.force_login(admin_user)
    url = page.url + "results/?region=Uusimaa"
    cold = client.get(url)
    assert cold.status_code == 200
    warm = client.get(url)
    assert main(warm) == main(cold)
    assert "Pulssi 2025/1" in main(warm)  # the trend
    admin_url = f"/admin/surveys/{page.pk}/results/?language=fi"
    admin_cold = client.get(admin_url)
    assert admin_cold.status_code == 200
    assert main(client.get(admin_url)) == main(admin_cold)
    assert "Pulssi 2025/1" in main(admin_cold)


def main(response) -> str:
    """The page's content, without the tokens and nonces that change per response."""
    soup = BeautifulSoup(response.content, "html.parser")
    content = soup.select_one("main") or soup.body
    for tag in content.select("[nonce]"):
        del tag["nonce"]
    for tag in content.select('input[name="csrfmiddlewaretoken"]'):
        tag.decompose()
    return str(content)


def test_results_pages_list_the_first_free_texts_not_all(client, rounds, admin_user):
    _first, page = rounds
    client.force_login(admin_user)
    response = client.get(page.url + "results/")
    soup = BeautifulSoup(response.content, "html.parser")
    lists = soup.select(".free-texts")
    assert lists
    assert max(len(texts.select("li")) for texts in lists) == results.TEXTS_SHOWN
    assert "Näytetään ensimmäiset 50 vastausta (yhteensä 120)." in soup.get_text(" ")
    # The results keep every text; the page shows the first ones.
    wishes = next(
        r
        for r in results.staff_results(page=page).questions
        if r.question.identifier == "wishes"
    )
    assert len(wishes.texts) == 120
