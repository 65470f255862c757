"""The public webcal feed and the personal feed, parsed back with icalendar."""

import datetime

import pytest
import vobject
from icalendar import Calendar

from events import services
from tests.factories.events import EventPageFactory, EventSeriesFactory, in_days

pytestmark = pytest.mark.django_db


def feed(client, url, **query):
    """The calendar at `url`, read with icalendar and, for confirmation, with vobject:
    both must see a published calendar (no attendees) with the same entries."""
    response = client.get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    second = vobject.readOne(response.content.decode())
    assert calendar["METHOD"] == second.method.value == "PUBLISH"
    second_events = second.contents.get("vevent", [])
    assert [
        (e.uid.value, int(e.sequence.value), e.dtstart.value) for e in second_events
    ] == [(str(e["UID"]), e["SEQUENCE"], e.decoded("DTSTART")) for e in events]
    assert all("attendee" not in e.contents for e in second_events)
    return calendar, {str(event["SUMMARY"]): event for event in events}


@pytest.fixture
def events(event_index):
    te24 = EventSeriesFactory(slug="te24-tuumaustunnit")
    EventPageFactory(
        parent=event_index, title="TE24-tuumaustunti", reform="te24", series=te24
    )
    EventPageFactory(
        parent=event_index,
        title="KOTO24 verkostotapaaminen",
        event_type="network_meeting",
        reform="koto24",
    )
    EventPageFactory(
        parent=event_index,
        title="Informationsmöte",
        event_type="info_session",
        language="sv",
        is_cancelled=True,
        cancellation_reason="Inställt",
    )
    EventPageFactory(parent=event_index, title="Jäsenille", audience="members")
    EventPageFactory(
        parent=event_index,
        title="Mennyt",
        starts_at=in_days(-3),
        ends_at=in_days(-3) + datetime.timedelta(hours=1),
    )
    EventPageFactory(parent=event_index, title="Luonnos", live=False)


def test_public_feed_lists_upcoming_public_events_without_meeting_links(client, events):
    calendar, entries = feed(client, "/fi/events/feed.ics")

    assert set(entries) == {
        "TE24-tuumaustunti",
        "KOTO24 verkostotapaaminen",
        "Informationsmöte",
    }
    assert entries["Informationsmöte"]["STATUS"] == "CANCELLED"
    assert all("teams.example" not in str(e["DESCRIPTION"]) for e in entries.values())
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    for entry in entries.values():
        assert entry["UID"] and entry["DTSTAMP"] and entry["URL"]
        assert entry["SEQUENCE"] == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "network_meeting"}, {"KOTO24 verkostotapaaminen"}),
        ({"series": "te24-tuumaustunnit"}, {"TE24-tuumaustunti"}),
        ({"reform": "te24"}, {"TE24-tuumaustunti", "Informationsmöte"}),
        ({"reform": "koto24"}, {"KOTO24 verkostotapaaminen", "Informationsmöte"}),
        (
            {"reform": "both"},
            {"TE24-tuumaustunti", "KOTO24 verkostotapaaminen", "Informationsmöte"},
        ),
        ({"language": "sv"}, {"Informationsmöte"}),
    ],
    ids=["type", "series", "reform-te24", "reform-koto24", "reform-both", "language"],
)
def test_public_feed_filters(client, events, query, expected):
    _calendar, entries = feed(client, "/fi/events/feed.ics", **query)

    assert set(entries) == expected


def test_public_feed_is_cached_and_answers_not_modified_until_an_event_changes(
    client, events, event_index
):
    first = client.get("/fi/events/feed.ics")
    etag = first["ETag"]
    again = client.get("/fi/events/feed.ics")
    assert again.content == first.content
    assert again["ETag"] == etag
    assert client.get("/fi/events/feed.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304

    event = event_index.get_children().live().get(title="TE24-tuumaustunti").specific
    event.title = "TE24-tuumaustunti: sopimusohje"
    event.save_revision().publish()

    changed = client.get("/fi/events/feed.ics", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    _calendar, entries = feed(client, "/fi/events/feed.ics")
    assert "TE24-tuumaustunti: sopimusohje" in entries
    assert "TE24-tuumaustunti" not in entries

    filtered = client.get("/fi/events/feed.ics", {"reform": "koto24"})
    assert filtered["ETag"] != changed["ETag"]
    swedish = client.get("/sv/events/feed.ics")
    assert swedish["ETag"] != changed["ETag"]


def test_personal_feed_has_own_registrations_with_links_for_confirmed_only(
    client, member_user, event_index, calendar_token
):
    confirmed_event = EventPageFactory(
        parent=event_index,
        title="Vahvistettu",
        online_meeting_url="https://teams.example/1",
    )
    full_event = EventPageFactory(
        parent=event_index,
        title="Täynnä",
        capacity=1,
        online_meeting_url="https://teams.example/2",
    )
    services.register_for_event(
        event=full_event,
        guest=services.RegistrantDetails(name="Muu", email="muu@example.com"),
        answers={},
    )
    services.register_for_event(event=confirmed_event, user=member_user, answers={})
    services.register_for_event(event=full_event, user=member_user, answers={})
    EventPageFactory(parent=event_index, title="Ei ilmoittautunut")

    calendar, entries = feed(client, calendar_token.get_absolute_url())

    confirmed = entries["Vahvistettu"]
    [waitlisted_title] = [title for title in entries if title.startswith("Täynnä")]
    waitlisted = entries[waitlisted_title]
    assert set(entries) == {"Vahvistettu", waitlisted_title}
    assert "https://teams.example/1" in str(confirmed["DESCRIPTION"])
    assert waitlisted["STATUS"] == "TENTATIVE"
    assert "teams.example" not in str(waitlisted["DESCRIPTION"])
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT1H"


def test_revoked_or_unknown_personal_feed_is_not_found(client, revoked_calendar_token):
    assert client.get(revoked_calendar_token.get_absolute_url()).status_code == 404
    assert client.get("/fi/events/calendar/not-a-key.ics").status_code == 404


def test_personal_feed_of_a_deactivated_user_is_not_found(client, calendar_token):
    calendar_token.user.is_active = False
    calendar_token.user.save()

    assert client.get(calendar_token.get_absolute_url()).status_code == 404


def test_event_calendar_file_downloads_as_ics(client, public_event):
    response = client.get(public_event.url + "ics/")
    _calendar, entries = feed(client, public_event.url + "ics/")

    assert response["Content-Disposition"] == (
        'attachment; filename="koto-digi-tuumaustunti.ics"'
    )
    [entry] = entries.values()
    assert str(entry["UID"]) == public_event.calendar_uid


def test_guest_calendar_file_is_published_with_the_meeting_link(
    client, guest_registration
):
    url = guest_registration.get_manage_url() + "event.ics"

    _calendar, entries = feed(client, url)

    [entry] = entries.values()
    assert str(entry["UID"]) == guest_registration.event.calendar_uid
    assert "teams.example" in str(entry["DESCRIPTION"])
