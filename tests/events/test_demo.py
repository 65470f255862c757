"""The events demo: built through the services, consistent, and idempotent."""

from io import StringIO

import pytest

from events import demo
from events.models import EventPage, Registration
from network import demo as network_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_events_are_consistent_and_a_second_run_changes_nothing(
    home_pages, django_capture_on_commit_callbacks
):
    network_demo.seed(log=lambda line: None)
    lines = []
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(log=lines.append)

    events = EventPage.objects.with_availability()
    assert events.count() == len(demo.EVENTS)
    assert {e.locale.language_code for e in events} == {"fi", "sv"}
    assert events.filter(starts_at__lt=demo.at(0, 0, 0)).exists()
    assert events.filter(is_cancelled=True).count() == 1
    for event in events:
        if event.capacity is not None:
            assert event.seats_taken <= event.capacity, event.title
        if event.waitlisted_count:
            assert event.seats_taken == event.capacity, event.title
    network_meeting = events.get(slug="koto24-verkostotapaaminen-kotoutumisohjelma")
    assert network_meeting.waitlisted_count > 0
    assert Registration.objects.pending().exists()
    assert any("Kuntalain 54 §" in line for line in lines)
    te24_hour = events.get(slug="te24-tuumaustunti-kuntalain-54-sopimusohje")
    assert [
        (child.block_type, getattr(child.value, "slug", None))
        for child in te24_hour.speakers
    ] == [("expert", "henna-laaksonen"), ("speaker", None)]
    swedish = events.get(slug="informationsmote-for-svensksprakiga-kommuner")
    assert {child.block_type for child in swedish.speakers} == {"expert"}

    before = Registration.objects.count()
    again = StringIO()
    demo.seed(log=again.write)

    assert Registration.objects.count() == before
    assert EventPage.objects.count() == len(demo.EVENTS)
    assert again.getvalue() == "Events: nothing to add."
