"""Composing the mails registrants get: template, context and calendar part per notice.

`tasks.send_registration_notice` queues what `compose_notice` returns through
`portal.emails.queue_templated_email` (one mail per person, Reply-To the office, retried).

A confirmed registrant's mail carries the event as an invitation (METHOD:REQUEST) that puts
it into their calendar and updates it there; when the registration ends or the event is
cancelled, a CANCEL takes it out, but only if the person was mailed the entry. Each calendar
message raises the event's SEQUENCE and carries the new value, so it is newer than every
message mailed before it (`EventPage.claim_calendar_sequence`).
"""

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.utils import translation

from events import ics
from events.models import EventMessage, Registration, RegistrationNotice

Kind = RegistrationNotice.Kind

#: Notices that put the event into a confirmed registrant's calendar or update it there
#: (METHOD:REQUEST). A reminder carries none: the entry is in the calendar already.
REQUEST_NOTICES = {
    Kind.CONFIRMED,
    Kind.PROMOTED,
    Kind.APPROVED,
    Kind.EVENT_CHANGED,
}
#: Notices that take the entry out of the registrant's calendar (METHOD:CANCEL), when the
#: registrant was mailed it: the registration ended or lost its seat, or the event was
#: cancelled.
CANCEL_NOTICES = {
    Kind.EVENT_CANCELLED,
    Kind.CANCELLED,
    Kind.REJECTED,
    Kind.WAITLISTED,
}


@dataclass(frozen=True)
class ComposedEmail:
    to: str
    template_prefix: str
    language: str
    context: dict[str, Any]
    attachments: list[dict[str, str]] = field(default_factory=list)
    calendar_method: str = ""


def is_notice_due(registration: Registration, kind: str) -> bool:
    """Whether a notice still fits the registration when the task runs (it may have been
    cancelled since the notice was queued)."""
    if kind == Kind.REMINDER:
        return registration.is_confirmed and not registration.event.is_cancelled
    if kind == Kind.FOLLOWUP:
        return registration.status in (
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
        )
    if kind in (Kind.EVENT_CHANGED, Kind.EVENT_CANCELLED, Kind.MANAGE_LINK):
        return registration.is_active
    return True


def absolute(url: str) -> str:
    return urljoin(settings.PORTAL_BASE_URL, url)


def event_url_for(event, language: str) -> str:
    """The event's full address on the site of the mail's language (the original page
    with that site's interface), else its own (one query)."""
    url = event.language_urls().get(language)
    return absolute(url) if url else event.get_absolute_full_url()


def registration_page(registration: Registration):
    """The event as the registrant reads it: its live page in the registration's language
    (a translation: the same event, the same UID), else the page the registration
    belongs to; one query."""
    return registration.event.version_in(
        registration.language or settings.LANGUAGE_CODE
    )


def calendar_method(registration: Registration, kind: str) -> str:
    """REQUEST, CANCEL or "" (no calendar part) for this notice, from the registration as
    it is when the mail is composed (a notice may have been queued before a later change).
    """
    event = registration.event
    holds_seat = registration.is_confirmed and not event.is_cancelled
    if kind in REQUEST_NOTICES and holds_seat:
        return ics.REQUEST
    if kind in CANCEL_NOTICES and not holds_seat and registration.has_calendar_entry():
        return ics.CANCEL
    return ""


def calendar_attachment(
    registration: Registration, *, page, method: str, now: datetime.datetime
) -> dict[str, str]:
    """The event as an iMIP message to this registrant (the meeting link in a REQUEST),
    its summary from `page`, the event in the registrant's language.

    `portal.tasks.build_message` sends it as a `text/calendar; method=…` part, as RFC 6047
    asks, and as the file invite.ics.
    """
    event = registration.event
    page.sequence = event.claim_calendar_sequence()
    meeting_url = event.online_meeting_url if method == ics.REQUEST else ""
    entry = page.calendar_entry(meeting_url=meeting_url)
    if method == ics.CANCEL and not event.is_cancelled:
        entry = dataclasses.replace(entry, status="")  # only this attendee is removed
    content = ics.build_calendar(
        [entry],
        now=now,
        method=method,
        organizer=settings.PORTAL_REPLY_TO_EMAIL,
        organizer_name=settings.WAGTAIL_SITE_NAME,
        attendee=registration.email,
        attendee_name=registration.name,
    )
    return {
        "filename": "invite.ics",
        "content": content.decode(),
        "mimetype": "text/calendar",
        "method": method,
    }


def compose_notice(
    registration: Registration, kind: str, *, key: str = "", now: datetime.datetime
) -> ComposedEmail:
    """The mail for one notice to one registrant, in the registrant's language (the
    event's title and texts from its translation in that language, if it has one)."""
    language = registration.language or settings.LANGUAGE_CODE
    event = registration_page(registration)
    method = calendar_method(registration, kind)
    with translation.override(language):
        context: dict[str, Any] = {
            "calendar_method": method,
            "registration": registration,
            "event": event,
            "event_url": event_url_for(event, language),
            "manage_url": absolute(registration.get_manage_url()),
            "meeting_url": (
                event.online_meeting_url
                if registration.is_confirmed and not event.is_cancelled
                else ""
            ),
            "show_materials": event.are_materials_visible(registration),
        }
        if kind == Kind.MESSAGE:
            context["message"] = EventMessage.objects.get(pk=int(key))
        if kind == Kind.WAITLISTED:
            context["waitlist_position"] = (
                Registration.objects.with_waitlist_position()
                .values_list("waitlist_position", flat=True)
                .get(pk=registration.pk)
            )
        if kind == Kind.FOLLOWUP:
            context["documents"] = [
                {
                    "title": block.value["title"] or block.value["document"].title,
                    "url": absolute(block.value["document"].url),
                }
                for block in event.documents
            ]
            context["slides_url"] = absolute(event.slides.url) if event.slides else ""
        attachments = (
            [calendar_attachment(registration, page=event, method=method, now=now)]
            if method
            else []
        )
    return ComposedEmail(
        to=registration.email,
        template_prefix=f"events/emails/{kind}",
        language=language,
        context=context,
        attachments=attachments,
        calendar_method=method,
    )
