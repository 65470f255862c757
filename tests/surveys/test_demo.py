"""The survey demo: realistic, deterministic, in both languages, and idempotent."""

from django.utils import timezone

import pytest

from portal.demo.calendar import WORKING_HOURS, is_working_day
from surveys import results, services
from surveys.demo import loader as demo
from surveys.models import SurveyPage, SurveyResponse

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_seed_creates_the_surveys_once_with_the_issues_numbers():
    messages = []
    demo.seed(log=messages.append)
    first = SurveyPage.objects.get(slug="pulssi-2025-1", locale__language_code="fi")
    responses = SurveyResponse.objects.filter(survey=first)
    assert responses.count() == 172
    assert responses.values("municipality").distinct().count() == 157
    assert first.is_extended
    data = results.staff_results(page=first)
    resources = next(r for r in data.questions if r.question.identifier == "resources")
    assert [(s.count, s.percent) for s in resources.shares] == [
        (66, 42),
        (19, 12),
        (67, 43),
        (5, 3),
    ]
    division = next(r for r in data.questions if r.question.identifier == "division")
    assert division.answered == 166

    second = SurveyPage.objects.get(slug="pulssi-2025-2", locale__language_code="fi")
    published = results.published_results(page=second, now=timezone.now())
    assert [t.question.identifier for t in published.trends] == [
        "resources",
        "division",
    ]

    mapping = SurveyPage.objects.get(
        slug="koto24-valmistelijakartoitus", locale__language_code="fi"
    )
    assert mapping.is_open(timezone.now())
    assert len(services.preparer_register(surveys=[mapping])) >= 60
    swedish = SurveyPage.objects.filter(locale__language_code="sv")
    assert sorted(page.title for page in swedish) == [
        "Kartläggning av KOTO24-beredare",
        "Puls 2025/1",
        "Puls 2025/2",
    ]
    assert all(page.canonical.locale.language_code == "fi" for page in swedish)
    for page in SurveyPage.objects.all():
        page.full_clean()

    count = SurveyResponse.objects.count()
    again = []
    demo.seed(log=again.append)
    assert again == ["Surveys: nothing to add."]
    assert SurveyResponse.objects.count() == count
    assert any("172 answers" in message for message in messages)


def test_demo_surveys_open_and_close_on_working_days_within_working_hours():
    demo.seed(log=lambda line: None)
    opens, closes = WORKING_HOURS
    for survey in SurveyPage.objects.all():
        for moment in (survey.opens_at, survey.closes_at):
            local = timezone.localtime(moment)
            assert is_working_day(local.date()), (survey.slug, local)
            assert opens <= local.time() <= closes, (survey.slug, local)
