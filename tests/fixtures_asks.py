"""Requests fixtures shared with the access matrix (imported by tests/conftest.py)."""

import pytest

from tests.factories.asks import request_by


@pytest.fixture
def office_request(member_user):
    """An open request of the member of the access matrix."""
    return request_by(member_user, subject="Jäsenen kysymys")
