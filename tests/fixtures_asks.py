"""Requests fixtures shared with the access matrix (imported by tests/conftest.py)."""

import pytest

from tests.factories.asks import request_by


@pytest.fixture
def office_request(member_user):
    """An open request of the member of the access matrix."""
    return request_by(member_user, subject="Jäsenen kysymys")


@pytest.fixture
def qa_event(event_index):
    """A Q&A hour next week, open to everyone."""
    from tests.factories.events import EventPageFactory

    return EventPageFactory(
        parent=event_index, title="TE24-tuumaustunti", slug="te24-tuumaustunti"
    )


@pytest.fixture
def advance_question(qa_event, member_user):
    """A question the member (registered for the Q&A hour) sent in advance."""
    from tests.factories.asks import question_by, register

    register(member_user, qa_event)
    return question_by(member_user, qa_event, body="Kuka hyväksyy palvelulupauksen?")
