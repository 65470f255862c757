"""Parallel registrations on PostgreSQL: the event-row lock prevents overbooking."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

import pytest

from events import services
from events.models import Registration
from portal.models import HomePage
from tests.factories.events import EventIndexPageFactory, EventPageFactory

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("transactional_site")]

CAPACITY = 10
PEOPLE = 50


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite lets one writer in at a time, so there is no race "
            "to test (run with DATABASE_URL=postgres://…)"
        )


def test_parallel_registrations_fill_exactly_the_capacity(require_postgres):
    index = EventIndexPageFactory(
        parent=HomePage.objects.get(locale__language_code="fi")
    )
    event = EventPageFactory(parent=index, capacity=CAPACITY)
    start = threading.Barrier(PEOPLE)

    def register(n: int) -> str:
        try:
            start.wait()
            registration = services.register_for_event(
                event=event,
                guest=services.RegistrantDetails(
                    name=f"Rinnakkainen {n}", email=f"rinnakkainen{n}@example.com"
                ),
                answers={},
            )
            return registration.status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        results = list(pool.map(register, range(PEOPLE)))

    assert results.count(Registration.Status.CONFIRMED) == CAPACITY
    assert results.count(Registration.Status.WAITLISTED) == PEOPLE - CAPACITY
    stored = Registration.objects.filter(event=event)
    assert stored.confirmed().count() == CAPACITY
    assert stored.waitlisted().count() == PEOPLE - CAPACITY
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (CAPACITY, PEOPLE - CAPACITY)
    positions = sorted(
        stored.waitlisted()
        .with_waitlist_position()
        .values_list("waitlist_position", flat=True)
    )
    assert positions == list(range(1, PEOPLE - CAPACITY + 1))


def test_parallel_cancellations_and_registrations_keep_the_seat_counters(
    require_postgres,
):
    """Cancellations (each promoting from the waitlist) racing new registrations: the
    counters on the event row stay equal to a fresh count, and nobody is overbooked."""
    index = EventIndexPageFactory(
        parent=HomePage.objects.get(locale__language_code="fi")
    )
    event = EventPageFactory(parent=index, capacity=CAPACITY)
    early = [
        services.register_for_event(
            event=event,
            guest=services.RegistrantDetails(
                name=f"Varhainen {n}", email=f"varhainen{n}@example.com"
            ),
            answers={},
        )
        for n in range(CAPACITY + 5)
    ]
    start = threading.Barrier(20)

    def act(n: int) -> None:
        try:
            start.wait()
            if n < 10:
                services.cancel_registration(registration=early[n])
            else:
                services.register_for_event(
                    event=event,
                    guest=services.RegistrantDetails(
                        name=f"Myöhäinen {n}", email=f"myohainen{n}@example.com"
                    ),
                    answers={},
                )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(act, range(20)))

    assert services.find_seat_count_mismatches(event_ids=[event.pk]) == []
    event.refresh_from_db()
    assert event.seats_taken == CAPACITY
    assert Registration.objects.filter(event=event).holding_seats().count() == CAPACITY


def test_parallel_registrations_on_the_original_and_its_translation_share_the_seats(
    require_postgres,
):
    """Half register on the Finnish page, half on its Swedish translation: one lock
    (the owner's row), so exactly the capacity is confirmed and both rows agree."""
    from tests.factories.portal import translate

    index = EventIndexPageFactory(
        parent=HomePage.objects.get(locale__language_code="fi")
    )
    translate(index, "sv", slug="evenemang-parallella")
    event = EventPageFactory(parent=index, capacity=CAPACITY)
    swedish = translate(event, "sv", title="Parallell frågestund")
    pages = [event, swedish]
    start = threading.Barrier(PEOPLE)

    def register(n: int) -> str:
        try:
            start.wait()
            registration = services.register_for_event(
                event=pages[n % 2],
                guest=services.RegistrantDetails(
                    name=f"Rinnakkainen {n}", email=f"rinnakkainen{n}@example.com"
                ),
                answers={},
            )
            return registration.status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        results = list(pool.map(register, range(PEOPLE)))

    assert results.count(Registration.Status.CONFIRMED) == CAPACITY
    assert Registration.objects.filter(event=event).count() == PEOPLE
    for page in pages:
        page.refresh_from_db()
        assert (page.seats_taken, page.waitlist_length) == (
            CAPACITY,
            PEOPLE - CAPACITY,
        )
