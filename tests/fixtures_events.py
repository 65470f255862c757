"""Event fixtures shared by the events tests and the access matrix."""

import pytest

from events import services
from events.models import PersonalCalendarToken, Registration
from portal.access import Audience
from tests.factories.events import EventIndexPageFactory, EventPageFactory


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(
        parent=home_page, title="Tapahtumat", slug="tapahtumat"
    )


@pytest.fixture
def public_event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="Koto-digi tuumaustunti",
        slug="koto-digi-tuumaustunti",
        capacity=10,
    )


@pytest.fixture
def members_event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="KOTO24 verkostotapaaminen",
        slug="koto24-verkostotapaaminen",
        event_type="network_meeting",
        audience=Audience.MEMBERS,
        capacity=30,
    )


@pytest.fixture
def guest_registration(public_event) -> Registration:
    return services.register_for_event(
        event=public_event,
        guest=services.RegistrantDetails(
            name="Vieras Henkilö", email="vieras@example.com", organisation="Kylä ry"
        ),
        answers={},
    )


@pytest.fixture
def calendar_token(member_user) -> PersonalCalendarToken:
    return services.issue_calendar_token(user=member_user)


@pytest.fixture
def revoked_calendar_token(member_user) -> PersonalCalendarToken:
    token = services.issue_calendar_token(user=member_user)
    services.revoke_calendar_tokens(user=member_user)
    return token
