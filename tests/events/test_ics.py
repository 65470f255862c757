"""Calendar files are pure functions: parse everything back with icalendar."""

import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from events import ics

HELSINKI = ZoneInfo("Europe/Helsinki")
UTC = datetime.UTC
NOW = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def entry(starts_at, ends_at, **fields) -> ics.CalendarEntry:
    return ics.CalendarEntry(
        uid="event-42@muutostuki.example",
        sequence=fields.pop("sequence", 3),
        summary="TE24-tuumaustunti: Kuntalain 54 §:n sopimusohjeen esittely",
        starts_at=starts_at,
        ends_at=ends_at,
        url="https://muutostuki.example/fi/tapahtumat/te24/",
        **fields,
    )


def parse(content: bytes):
    calendar = Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")


def test_calendar_round_trips_with_uid_sequence_stamp_url_and_location():
    starts_at = datetime.datetime(2027, 1, 25, 9, 30, tzinfo=HELSINKI)
    content = ics.build_calendar(
        [
            entry(
                starts_at,
                starts_at + datetime.timedelta(minutes=90),
                location="Teams",
                meeting_url="https://teams.example/meet/1",
            )
        ],
        now=NOW,
    )

    calendar, [event] = parse(content)
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["UID"]) == "event-42@muutostuki.example"
    assert event["SEQUENCE"] == 3
    assert event.decoded("DTSTAMP") == NOW
    assert str(event["URL"]) == "https://muutostuki.example/fi/tapahtumat/te24/"
    assert str(event["LOCATION"]) == "Teams"
    assert "https://teams.example/meet/1" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == starts_at
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]


def test_event_across_the_end_of_summer_time_keeps_its_times():
    # Summer time ends on the last Sunday of October 2026 (25.10. at 04:00 EEST).
    starts_at = datetime.datetime(2026, 10, 24, 10, 0, tzinfo=HELSINKI)  # UTC+3
    ends_at = datetime.datetime(2026, 10, 26, 16, 0, tzinfo=HELSINKI)  # UTC+2

    _calendar, [event] = parse(ics.build_calendar([entry(starts_at, ends_at)], now=NOW))

    assert event.decoded("DTSTART").astimezone(UTC) == datetime.datetime(
        2026, 10, 24, 7, 0, tzinfo=UTC
    )
    assert event.decoded("DTEND").astimezone(UTC) == datetime.datetime(
        2026, 10, 26, 14, 0, tzinfo=UTC
    )
    assert event["DTSTART"].to_ical() == b"20261024T100000"
    assert event["DTEND"].to_ical() == b"20261026T160000"


def test_the_repeated_hour_is_written_in_utc_so_it_cannot_be_misread():
    # 03:30 happens twice on 25.10.2026; this is the second time (EET, 01:30 UTC).
    second_half_past_three = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    ends_at = datetime.datetime(2026, 10, 25, 3, 0, tzinfo=UTC)

    _calendar, [event] = parse(
        ics.build_calendar([entry(second_half_past_three, ends_at)], now=NOW)
    )

    assert event["DTSTART"].to_ical() == b"20261025T013000Z"
    assert event.decoded("DTSTART") == second_half_past_three
    assert event["DTEND"].to_ical() == b"20261025T050000"


def test_vtimezone_gives_both_offsets_around_the_change():
    starts_at = datetime.datetime(2026, 10, 24, 10, 0, tzinfo=HELSINKI)
    calendar, _events = parse(
        ics.build_calendar(
            [entry(starts_at, starts_at + datetime.timedelta(days=2))], now=NOW
        )
    )

    [timezone] = calendar.walk("VTIMEZONE")
    offsets = {
        (sub.name, str(sub["TZOFFSETTO"].to_ical())) for sub in timezone.subcomponents
    }
    assert {("DAYLIGHT", "+0300"), ("STANDARD", "+0200")} <= offsets


def test_feed_carries_refresh_interval_and_published_ttl():
    starts_at = datetime.datetime(2027, 2, 14, 14, 0, tzinfo=HELSINKI)
    content = ics.build_calendar(
        [entry(starts_at, starts_at + datetime.timedelta(hours=1))],
        now=NOW,
        name="Muutostuki",
        is_feed=True,
    )

    calendar, _events = parse(content)
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT1H"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-WR-CALNAME"]) == "Muutostuki"


def test_cancel_method_and_status_with_organizer_and_attendee():
    starts_at = datetime.datetime(2027, 2, 14, 14, 0, tzinfo=HELSINKI)
    content = ics.build_calendar(
        [entry(starts_at, starts_at + datetime.timedelta(hours=1), status="CANCELLED")],
        now=NOW,
        method="CANCEL",
        organizer="muutostuki@muutostuki.example",
        organizer_name="Muutostuki",
        attendee="aino@ouka.fi",
    )

    calendar, [event] = parse(content)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert str(event["ORGANIZER"]) == "mailto:muutostuki@muutostuki.example"
    assert event["ORGANIZER"].params["CN"] == "Muutostuki"
    assert str(event["ATTENDEE"]) == "mailto:aino@ouka.fi"


INVITATION = {
    "organizer": "muutostuki@muutostuki.example",
    "organizer_name": "Muutostuki",
    "attendee": "aino@ouka.fi",
    "attendee_name": "Aino Äijälä",
}


def test_request_invites_the_one_attendee_as_already_accepted():
    starts_at = datetime.datetime(2027, 2, 14, 14, 0, tzinfo=HELSINKI)
    content = ics.build_calendar(
        [entry(starts_at, starts_at + datetime.timedelta(hours=1))],
        now=NOW,
        method="REQUEST",
        **INVITATION,
    )

    calendar, [event] = parse(content)
    second = vobject.readOne(content.decode())
    assert calendar["METHOD"] == second.method.value == "REQUEST"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert second.vevent.attendee.params == {
        "CN": ["Aino Äijälä"],
        "ROLE": ["REQ-PARTICIPANT"],
        "PARTSTAT": ["ACCEPTED"],
        "RSVP": ["FALSE"],
    }
    assert second.vevent.organizer.value == "mailto:muutostuki@muutostuki.example"
    assert second.vevent.dtstart.value == starts_at
    assert int(second.vevent.sequence.value) == event["SEQUENCE"] == 3


def test_a_cancel_for_one_attendee_leaves_the_event_status_out():
    starts_at = datetime.datetime(2027, 2, 14, 14, 0, tzinfo=HELSINKI)
    content = ics.build_calendar(
        [entry(starts_at, starts_at + datetime.timedelta(hours=1), status="")],
        now=NOW,
        method="CANCEL",
        **INVITATION,
    )

    _calendar, [event] = parse(content)
    second = vobject.readOne(content.decode())
    assert "STATUS" not in event
    assert not hasattr(second.vevent, "status")
    assert "PARTSTAT" not in event["ATTENDEE"].params
    assert second.vevent.attendee.value == "mailto:aino@ouka.fi"


def test_methods_are_kept_apart():
    starts_at = datetime.datetime(2027, 2, 14, 14, 0, tzinfo=HELSINKI)
    item = entry(starts_at, starts_at + datetime.timedelta(hours=1))

    with pytest.raises(ValueError, match="no attendees"):
        ics.build_calendar([item], now=NOW, attendee="aino@ouka.fi")
    for method in ("REQUEST", "CANCEL"):
        with pytest.raises(ValueError, match="organizer and an attendee"):
            ics.build_calendar(
                [item], now=NOW, method=method, organizer="muutostuki@example.com"
            )


def test_webcal_address_of_a_feed():
    assert (
        ics.webcal_url("https://muutostuki.fi/fi/events/feed.ics?reform=te24")
        == "webcal://muutostuki.fi/fi/events/feed.ics?reform=te24"
    )
    assert ics.webcal_url("http://127.0.0.1:8000/x.ics") == (
        "webcal://127.0.0.1:8000/x.ics"
    )
    assert ics.webcal_url("/fi/events/feed.ics") == "/fi/events/feed.ics"


def test_empty_feed_is_still_a_valid_calendar():
    calendar, events = parse(ics.build_calendar([], now=NOW, is_feed=True))

    assert events == []
    assert calendar["VERSION"] == "2.0"


def test_google_and_outlook_links_carry_title_and_utc_times():
    starts_at = datetime.datetime(2027, 1, 25, 9, 30, tzinfo=HELSINKI)
    item = entry(
        starts_at, starts_at + datetime.timedelta(minutes=90), location="Teams"
    )

    google = parse_qs(urlsplit(ics.google_calendar_url(item)).query)
    outlook = parse_qs(urlsplit(ics.outlook_calendar_url(item)).query)

    assert google["dates"] == ["20270125T073000Z/20270125T090000Z"]
    assert google["text"] == [item.summary]
    assert google["location"] == ["Teams"]
    assert outlook["startdt"] == ["2027-01-25T07:30:00+00:00"]
    assert outlook["subject"] == [item.summary]


def test_uid_domain_comes_from_its_own_setting_not_the_host_name(settings):
    settings.PORTAL_BASE_URL = "https://uusi-osoite.example/"
    settings.PORTAL_CALENDAR_UID_DOMAIN = "muutostuki.fi"
    assert ics.uid_domain() == "muutostuki.fi"
    settings.PORTAL_CALENDAR_UID_DOMAIN = "kalenteri.example"
    assert ics.uid_domain() == "kalenteri.example"
