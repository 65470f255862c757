"""Results: counts, percentages, means, charts with the right numbers, filters, the minimum
group size outside staff, trends across rounds, and bounded queries with many answers."""

import datetime
import random

from django.utils import timezone

import pytest

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

# The pulse answer of the issue: 157 answers split 66 / 19 / 67 / 5.
RESOURCE_SPLIT = {"4": 66, "3": 19, "2": 67, "cant_say": 5}


def bulk_answers(survey, answers_by_municipality):
    """Sent answers, one per (municipality, answers) pair, written in one query."""
    now = timezone.now()
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey=survey,
            respondent_key=f"municipality:{municipality.pk}",
            status=SurveyResponse.Status.SUBMITTED,
            municipality=municipality,
            answers=answers,
            created_at=now,
            updated_at=now,
            submitted_at=now,
        )
        for municipality, answers in answers_by_municipality
    )


def split_answers(split):
    values = [key for key, count in split.items() for _i in range(count)]
    municipalities = list(Municipality.objects.order_by("code")[: len(values)])
    return list(
        zip(
            municipalities,
            [
                {"municipality": m.code, "resources": v}
                for m, v in zip(municipalities, values, strict=True)
            ],
            strict=True,
        )
    )


@pytest.fixture
def pulse(survey_index_page):
    return SurveyPageFactory(
        parent=survey_index_page,
        title="Pulssi 2025/1",
        audience=Audience.PUBLIC,
        questions=[
            municipality_question(),
            likert(required=True),
            matrix(),
            multiple_choice(),
            number(),
            block("long_text", "wishes", "Toiveet"),
        ],
    )


def result_of(survey_results, identifier):
    return next(
        r for r in survey_results.questions if r.question.identifier == identifier
    )


def test_scale_percentages_round_half_up_and_sum_to_one_hundred(pulse):
    bulk_answers(pulse, split_answers(RESOURCE_SPLIT))
    data = results.staff_results(page=pulse)
    resources = result_of(data, "resources")
    assert resources.answered == 157
    by_key = {share.key: (share.count, share.percent) for share in resources.shares}
    assert by_key == {
        "5": (0, 0),
        "4": (66, 42),
        "3": (19, 12),
        "2": (67, 43),
        "1": (0, 0),
        "cant_say": (5, 3),
    }
    # (66*4 + 19*3 + 67*2) / 152, without "can't say"
    assert str(resources.mean) == "2.99"


def test_headline_counts_answers_and_municipalities(pulse):
    bulk_answers(pulse, split_answers(RESOURCE_SPLIT))
    data = results.staff_results(page=pulse)
    assert (data.answers, data.municipalities, data.municipalities_total) == (
        157,
        157,
        308,
    )


def test_chart_shows_the_same_numbers(pulse):
    bulk_answers(pulse, split_answers(RESOURCE_SPLIT))
    chart = result_of(results.staff_results(page=pulse), "resources").chart
    texts = [segment.text for segment in chart.rows[0].segments if segment.text]
    assert texts == ["42 %", "12 %", "43 %"]
    widths = [segment.width for segment in chart.rows[0].segments]
    assert widths[1] == pytest.approx(640 * 66 / 157, abs=0.01)
    assert "Melko riittävät 42 % (66)" in chart.description
    assert "En osaa sanoa" not in chart.description
    assert "Can't say 3 % (5)" in chart.description


def test_matrix_gives_each_statement_its_distribution_and_mean(pulse):
    answers = [
        {"cooperation": {"division": "5", "roles": "1"}},
        {"cooperation": {"division": "4", "roles": "cant_say"}},
        {"cooperation": {"division": "4"}},
    ]
    bulk_answers(
        pulse, zip(Municipality.objects.order_by("code")[:3], answers, strict=True)
    )
    result = result_of(results.staff_results(page=pulse), "cooperation")
    division, roles = result.statements
    assert (division.answered, str(division.mean)) == (3, "4.33")
    assert [s.count for s in division.shares] == [1, 2, 0, 0, 0, 0]
    assert (roles.answered, str(roles.mean)) == (2, "1.00")
    assert len(result.chart.rows) == 2


def test_multiple_choice_shares_are_of_people_and_other_texts_listed(pulse):
    answers = [
        {"support": {"choices": ["training", "peer"], "other": ""}},
        {"support": {"choices": ["training"], "other": "Juristin apua"}},
    ]
    bulk_answers(
        pulse, zip(Municipality.objects.order_by("code")[:2], answers, strict=True)
    )
    result = result_of(results.staff_results(page=pulse), "support")
    shares = {s.key: (s.count, s.percent) for s in result.shares}
    assert shares == {
        "training": (2, 100),
        "materials": (0, 0),
        "peer": (1, 50),
        "__other__": (1, 50),
    }
    assert result.texts == ["Juristin apua"]


def test_numbers_and_free_text(pulse):
    answers = [
        {"staff": 2, "wishes": "Lisää koulutusta"},
        {"staff": 3.5},
        {"staff": 10},
    ]
    bulk_answers(
        pulse, zip(Municipality.objects.order_by("code")[:3], answers, strict=True)
    )
    data = results.staff_results(page=pulse)
    staff = result_of(data, "staff")
    assert str(staff.mean) == "5.17"
    assert staff.numbers["median"] == 3.5
    assert result_of(data, "wishes").texts == ["Lisää koulutusta"]


def test_answers_by_municipality_for_staff(pulse):
    bulk_answers(pulse, split_answers({"4": 3}))
    by_municipality = results.staff_results(page=pulse).by_municipality
    assert [count for _m, count in by_municipality] == [1, 1, 1]


# --- Filters --------------------------------------------------------------------------


def test_filters_by_region_size_and_language(pulse):
    bulk_answers(pulse, split_answers(RESOURCE_SPLIT))
    uusimaa = MunicipalityFilter({"region": "Uusimaa"})
    data = results.staff_results(page=pulse, municipalities=uusimaa.municipalities)
    expected_total = Municipality.objects.filter(region="Uusimaa").count()
    assert data.municipalities_total == expected_total
    answered = SurveyResponse.objects.filter(municipality__region="Uusimaa").count()
    assert data.answers == answered
    big = MunicipalityFilter({"size": "100000-"}).municipalities
    assert big.count() == 9
    swedish = MunicipalityFilter({"language": "sv"}).municipalities
    assert swedish.count() == 16


def test_size_classes_cover_every_municipality():
    counts = [
        MunicipalityFilter({"size": code}).municipalities.count()
        for code in [
            "under-5000",
            "5000-9999",
            "10000-19999",
            "20000-49999",
            "50000-99999",
            "100000-",
        ]
    ]
    assert counts == [140, 71, 44, 32, 12, 9]


def test_no_filter_means_all_municipalities():
    assert MunicipalityFilter(None).municipalities is None
    assert MunicipalityFilter({"region": ""}).municipalities is None


# --- Published results (members) ------------------------------------------------------


def test_published_results_hide_groups_under_five(pulse):
    bulk_answers(pulse, split_answers({"4": 4}))
    data = results.published_results(page=pulse, now=timezone.now())
    assert data.too_few
    assert data.questions == []


def test_published_results_hide_questions_under_five_and_free_text(pulse):
    answers = [{"resources": "4", "wishes": "Salainen toive"} for _i in range(5)]
    answers[0]["staff"] = 3
    bulk_answers(
        pulse, zip(Municipality.objects.order_by("code")[:5], answers, strict=True)
    )
    data = results.published_results(page=pulse, now=timezone.now())
    assert not data.too_few
    assert result_of(data, "resources").shares
    assert result_of(data, "staff").hidden
    assert result_of(data, "wishes").texts == []
    assert data.by_municipality == []


def test_published_results_hide_a_filtered_group_under_five(pulse):
    bulk_answers(pulse, split_answers(RESOURCE_SPLIT))
    small = MunicipalityFilter({"region": "Kainuu"}).municipalities
    data = results.published_results(
        page=pulse, municipalities=small, now=timezone.now()
    )
    assert data.answers < 5
    assert data.too_few


# --- Trends ---------------------------------------------------------------------------


def test_trend_compares_rounds_with_the_same_question(survey_index_page):
    series = SurveySeriesFactory()
    first = SurveyPageFactory(
        parent=survey_index_page,
        title="Pulssi 2025/1",
        series=series,
        opens_at=timezone.now() - datetime.timedelta(days=100),
        closes_at=timezone.now() - datetime.timedelta(days=80),
        results_published=True,
    )
    second = SurveyPageFactory(
        parent=survey_index_page, title="Pulssi 2025/2", series=series
    )
    municipalities = list(Municipality.objects.order_by("code")[:10])
    bulk_answers(first, [(m, {"resources": "2"}) for m in municipalities])
    bulk_answers(second, [(m, {"resources": "4"}) for m in municipalities[:6]])
    staff = results.staff_results(page=second)
    trend = staff.trends[0]
    assert [r.title for r in trend.rounds] == ["Pulssi 2025/1", "Pulssi 2025/2"]
    assert [(r.answered, str(r.mean)) for r in trend.rounds] == [
        (10, "2.00"),
        (6, "4.00"),
    ]
    assert [row.label for row in trend.chart.rows] == ["Pulssi 2025/1", "Pulssi 2025/2"]
    SurveyPage.objects.filter(pk=first.pk).update(results_published=False)
    published = results.published_results(page=second, now=timezone.now())
    assert published.trends == []


# --- Query budget ---------------------------------------------------------------------


def test_results_of_2000_answers_take_a_fixed_number_of_queries(
    pulse, django_assert_max_num_queries
):
    rng = random.Random(7)
    municipalities = list(Municipality.objects.all())
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey=pulse,
            status=SurveyResponse.Status.SUBMITTED,
            municipality=rng.choice(municipalities),
            answers={
                "resources": rng.choice(["5", "4", "3", "2", "1", "cant_say"]),
                "cooperation": {"division": rng.choice("12345"), "roles": "3"},
                "support": {"choices": ["training"], "other": ""},
                "staff": rng.randint(0, 20),
                "wishes": "Lisää resursseja",
            },
            submitted_at=timezone.now(),
        )
        for _i in range(2000)
    )
    pulse = SurveyPage.objects.get(pk=pulse.pk)
    filterset = MunicipalityFilter({"region": "Uusimaa", "size": "10000-19999"})
    with django_assert_max_num_queries(8):
        data = results.staff_results(
            page=pulse, municipalities=filterset.municipalities
        )
        everything = results.staff_results(page=pulse)
    assert everything.answers == 2000
    assert data.answers < 2000
