"""The events demo: built through the services, consistent, and idempotent."""

from io import StringIO

from django.utils import timezone

import pytest

from events.demo import loader as demo
from events.models import EventIndexPage, EventPage, Registration
from materials.demo import loader as materials_demo
from network.demo import loader as network_demo
from portal.demo.calendar import WORKING_HOURS, is_working_day

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_events_are_consistent_and_a_second_run_changes_nothing(
    home_pages, django_capture_on_commit_callbacks
):
    network_demo.seed(log=lambda line: None)
    materials_demo.seed_experts(log=lambda line: None)
    lines = []
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(log=lines.append)

    events = EventPage.objects.registration_owners()
    assert events.count() == len(demo.data()["events"])
    assert {e.locale.language_code for e in events} == {"fi", "sv", "en"}
    assert events.filter(locale__language_code="en", language="en").count() == 2
    assert events.filter(starts_at__lt=timezone.now()).exists()
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
    assert te24_hour.support_language == "sv"
    indexes = EventIndexPage.objects.select_related("locale")
    assert {index.locale.language_code for index in indexes} == {"fi", "sv", "en"}
    assert len({index.translation_key for index in indexes}) == 1
    koto_digi = events.get(slug="koto-digi-tuumaustunti")
    [in_swedish] = EventPage.objects.filter(registration_owner=koto_digi)
    assert in_swedish.locale.language_code == "sv"
    assert in_swedish.live and in_swedish.title == "Frågestund om Koto-digi"
    assert (in_swedish.seats_confirmed, in_swedish.waitlist_length) == (
        koto_digi.seats_confirmed,
        koto_digi.waitlist_length,
    )
    assert koto_digi.waitlist_length > 0

    before = Registration.objects.count()
    again = StringIO()
    demo.seed(log=again.write)

    assert Registration.objects.count() == before
    assert EventPage.objects.count() == len(demo.data()["events"]) + 1
    assert again.getvalue() == "Events: nothing to add."


def test_demo_events_fall_on_working_days_within_working_hours(home_pages):
    network_demo.seed(log=lambda line: None)
    materials_demo.seed_experts(log=lambda line: None)
    demo.seed(log=lambda line: None)

    opens, closes = WORKING_HOURS
    for event in EventPage.objects.all():
        starts, ends = (
            timezone.localtime(event.starts_at),
            timezone.localtime(event.ends_at),
        )
        assert is_working_day(starts.date()), (event.slug, starts)
        assert starts.date() == ends.date(), event.slug
        assert opens <= starts.time() and ends.time() <= closes, (event.slug, starts)
        for moment in (event.registration_opens_at, event.registration_closes_at):
            if moment is not None:
                local = timezone.localtime(moment)
                assert is_working_day(local.date()), (event.slug, local)
                assert opens <= local.time() <= closes, (event.slug, local)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_demo_calendars_of_other_languages_show_the_finnish_events(
    client, home_pages, language
):
    from django.utils import translation

    network_demo.seed(log=lambda line: None)
    materials_demo.seed_experts(log=lambda line: None)
    demo.seed(log=lambda line: None)
    index = EventIndexPage.objects.get(locale__language_code=language)

    with translation.override("fi"):
        response = client.get(index.url)
    html = response.content.decode()

    finnish = EventPage.objects.upcoming(timezone.now()).filter(
        locale__language_code="fi", live=True, audience="public"
    )
    assert finnish.exists()
    for event in finnish:
        translated = event.get_translation_or_none(index.locale)
        if translated is None:
            assert f'href="{index.url}{event.slug}/" lang="fi"' in html, event.slug
        else:  # listed as its translation, in the site's language
            assert f'href="{index.url}{event.slug}/">{translated.title}<' in html
