"""Calendar files (iCalendar, RFC 5545) and "add to calendar" links: pure functions.

Times are written in Europe/Helsinki with its VTIMEZONE, except a local time that occurs twice
(the hour repeated when summer time ends), which is written in UTC so it cannot be misread.

Two models of RFC 5546 (iTIP), kept apart:

- PUBLISH: downloads and the feeds. No ATTENDEE (3.2.1); a client imports or subscribes.
- REQUEST and CANCEL: the entry mailed to one registrant, with the office as ORGANIZER and the
  registrant as the only ATTENDEE. REQUEST puts the event into the registrant's calendar and
  updates it there; CANCEL takes it out, with STATUS:CANCELLED when the event itself is
  cancelled and without STATUS when only this registrant is removed (3.2.5).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

HELSINKI = ZoneInfo("Europe/Helsinki")
UTC = datetime.UTC
PRODID = "-//Muutostuki//Events//FI"
FEED_TTL = datetime.timedelta(hours=1)
PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"
SCHEDULING_METHODS = (REQUEST, CANCEL)


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    sequence: int
    summary: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    url: str
    location: str = ""
    description: str = ""
    meeting_url: str = ""
    #: CONFIRMED, TENTATIVE or CANCELLED; empty leaves STATUS out (a CANCEL that removes
    #: one attendee from an event that still takes place).
    status: str = "CONFIRMED"
    last_modified: datetime.datetime | None = None
    #: The language the summary and description are written in (RFC 5545 3.2.10,
    #: LANGUAGE), e.g. "fi" for a Finnish event in a Swedish feed; empty: not stated.
    language: str = ""


def webcal_url(url: str) -> str:
    """The `webcal://` form of a feed's http(s) address: calendar applications open it as
    a subscription (kept up to date) instead of importing a one-off copy."""
    scheme, separator, rest = url.partition("://")
    if not separator or scheme not in ("http", "https"):
        return url
    return f"webcal://{rest}"


def uid_domain() -> str:
    """The host part of calendar UIDs: the PORTAL_CALENDAR_UID_DOMAIN setting, never the
    portal's address, so that moving the portal to another host name does not give
    subscribers a second copy of every entry."""
    return settings.PORTAL_CALENDAR_UID_DOMAIN


def local_time(moment: datetime.datetime) -> datetime.datetime:
    """The moment in Helsinki time, or in UTC when that local time is ambiguous."""
    local = moment.astimezone(HELSINKI)
    other_fold = local.replace(fold=1 - local.fold)
    if other_fold.utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local


def build_event(
    entry: CalendarEntry,
    *,
    now: datetime.datetime,
    method: str = PUBLISH,
    organizer: str = "",
    organizer_name: str = "",
    attendee: str = "",
    attendee_name: str = "",
) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", local_time(entry.starts_at))
    event.add("dtend", local_time(entry.ends_at))
    language = {"language": entry.language} if entry.language else {}
    event.add("summary", entry.summary, parameters=language)
    event.add("url", entry.url)
    if entry.status:
        event.add("status", entry.status)
    if entry.last_modified:
        event.add("last-modified", entry.last_modified.astimezone(UTC))
    if entry.location:
        event.add("location", entry.location)
    description = "\n\n".join(
        filter(None, [entry.description, entry.meeting_url, entry.url])
    )
    event.add("description", description, parameters=language)
    if entry.meeting_url:
        event.add("x-microsoft-skypeteamsmeetingurl", entry.meeting_url)
    if organizer:
        address = vCalAddress(f"mailto:{organizer}")
        if organizer_name:
            address.params["cn"] = vText(organizer_name)
        event.add("organizer", address)
    if attendee:
        address = vCalAddress(f"mailto:{attendee}")
        if attendee_name:
            address.params["cn"] = vText(attendee_name)
        address.params["role"] = "REQ-PARTICIPANT"
        if method == REQUEST:
            # The registration is the answer: nothing for the calendar to ask or send back.
            address.params["partstat"] = "ACCEPTED"
            address.params["rsvp"] = "FALSE"
        event.add("attendee", address)
    return event


def build_calendar(
    entries: Iterable[CalendarEntry],
    *,
    now: datetime.datetime,
    method: str = PUBLISH,
    name: str = "",
    is_feed: bool = False,
    organizer: str = "",
    organizer_name: str = "",
    attendee: str = "",
    attendee_name: str = "",
) -> bytes:
    """A VCALENDAR of the entries with the Helsinki VTIMEZONE.

    Feeds (`is_feed`) carry REFRESH-INTERVAL and X-PUBLISHED-TTL so clients refresh hourly.
    A PUBLISH has no attendee; a REQUEST or CANCEL needs the organizer and the attendee.
    """
    if method == PUBLISH and attendee:
        raise ValueError("A published entry has no attendees (RFC 5546, 3.2.1).")
    if method in SCHEDULING_METHODS and not (organizer and attendee):
        raise ValueError(f"A {method} needs an organizer and an attendee.")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    if is_feed:
        calendar.add("refresh-interval", FEED_TTL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(FEED_TTL))
    entries = list(entries)
    for entry in entries:
        calendar.add_component(
            build_event(
                entry,
                now=now,
                method=method,
                organizer=organizer,
                organizer_name=organizer_name,
                attendee=attendee,
                attendee_name=attendee_name,
            )
        )
    first = min((e.starts_at for e in entries), default=now).astimezone(HELSINKI)
    last = max((e.ends_at for e in entries), default=now).astimezone(HELSINKI)
    calendar.add_missing_timezones(
        first_date=first.date() - datetime.timedelta(days=366),
        last_date=last.date() + datetime.timedelta(days=366),
    )
    return calendar.to_ical()


def _utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(entry: CalendarEntry) -> str:
    """An "add to Google Calendar" link (template URL) without the meeting link."""
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": entry.summary,
            "dates": f"{_utc_stamp(entry.starts_at)}/{_utc_stamp(entry.ends_at)}",
            "details": "\n\n".join(filter(None, [entry.description, entry.url])),
            "location": entry.location,
            "ctz": "Europe/Helsinki",
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"


def outlook_calendar_url(entry: CalendarEntry) -> str:
    """An "add to Outlook" link (Outlook on the web compose deep link)."""
    query = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": entry.summary,
            "startdt": entry.starts_at.astimezone(UTC).isoformat(),
            "enddt": entry.ends_at.astimezone(UTC).isoformat(),
            "body": "\n\n".join(filter(None, [entry.description, entry.url])),
            "location": entry.location,
        }
    )
    return f"https://outlook.office.com/calendar/0/deeplink/compose?{query}"
