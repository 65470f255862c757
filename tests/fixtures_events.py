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


@pytest.fixture
def expired_guest_registration(guest_registration, settings) -> Registration:
    """A guest registration whose event ended long enough ago for its link to expire."""
    import datetime

    from django.utils import timezone

    from events.models import EventPage

    ended = timezone.now() - datetime.timedelta(
        days=settings.PORTAL_EVENT_MANAGE_LINK_DAYS + 1
    )
    EventPage.objects.filter(pk=guest_registration.event_id).update(
        starts_at=ended - datetime.timedelta(hours=2), ends_at=ended
    )
    return guest_registration


@pytest.fixture
def replaced_manage_url(guest_registration) -> str:
    """A guest's private link after a new one was sent."""
    old = guest_registration.get_manage_url()
    services.renew_manage_link(registration=guest_registration)
    return old
