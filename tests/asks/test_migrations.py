import importlib

from django.apps import apps

import pytest

from asks.models import Request
from materials.models import QuestionSubmission
from tests.factories.materials import FaqPageFactory, QuestionFormPageFactory

migration = importlib.import_module("asks.migrations.0002_take_in_earlier_questions")

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier_question(home_page):
    """A question sent before the inbox: its request is removed, as before the app."""
    page = QuestionFormPageFactory(parent=FaqPageFactory(parent=home_page))
    submission = QuestionSubmission.objects.create(
        page=page,
        email="kysyja@example.com",
        form_data={
            "kysymys": "Milloin ohjelma hyväksytään?\nJa kuka sen tekee?",
            "name": "Kysyjä",
            "municipality": "Tampere (837)",
        },
    )
    Request.objects.filter(question_submission=submission).delete()
    return submission


def test_earlier_questions_become_closed_general_requests(earlier_question):
    migration.take_in_questions(apps, None)
    request = Request.objects.get(question_submission=earlier_question)
    assert (request.kind, request.state) == ("general", "closed")
    assert request.subject == "Milloin ohjelma hyväksytään?"
    assert request.email == "kysyja@example.com"
    assert request.municipality.code == "837"
    assert request.created_at == earlier_question.submit_time
    assert [event.action for event in request.events.all()] == ["submitted", "closed"]


def test_migration_runs_once_reverses_and_runs_again(earlier_question):
    migration.take_in_questions(apps, None)
    migration.take_in_questions(apps, None)
    assert Request.objects.filter(question_submission=earlier_question).count() == 1
    kept = Request.objects.create(
        kind="general", subject="Uusi", body="Uusi", name="N", email="n@example.org"
    )
    migration.remove_taken_in_questions(apps, None)
    assert list(Request.objects.all()) == [kept]
    migration.take_in_questions(apps, None)
    assert Request.objects.filter(question_submission=earlier_question).count() == 1
