"""Composing the mails registrants get: template, context and calendar attachment per notice.

`tasks.send_registration_notice` queues what `compose_notice` returns through
`portal.emails.queue_templated_email` (one mail per person, Reply-To the office, retried).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.utils import translation

from events import ics
from events.models import EventMessage, Registration, RegistrationNotice

Kind = RegistrationNotice.Kind

#: Notices that carry the event's calendar entry (METHOD:PUBLISH) for confirmed registrants.
CALENDAR_NOTICES = {
    Kind.CONFIRMED,
    Kind.PROMOTED,
    Kind.APPROVED,
    Kind.EVENT_CHANGED,
    Kind.REMINDER,
}
#: Notices that remove the entry from the registrant's calendar (METHOD:CANCEL).
CANCEL_NOTICES = {Kind.EVENT_CANCELLED, Kind.CANCELLED, Kind.REJECTED}


@dataclass(frozen=True)
class ComposedEmail:
    to: str
    template_prefix: str
    language: str
    context: dict[str, Any]
    attachments: list[dict[str, str]] = field(default_factory=list)


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


def calendar_attachment(
    registration: Registration, *, method: str, now: datetime.datetime
) -> dict[str, str]:
    """The event's .ics for this registrant: the meeting link only when confirmed."""
    event = registration.event
    meeting_url = event.online_meeting_url if registration.is_confirmed else ""
    status = "CANCELLED" if method == "CANCEL" else ""
    entry = event.calendar_entry(meeting_url=meeting_url, status=status)
    content = ics.build_calendar(
        [entry],
        now=now,
        method=method,
        organizer=settings.PORTAL_REPLY_TO_EMAIL,
        organizer_name=settings.WAGTAIL_SITE_NAME,
        attendee=registration.email,
    )
    return {
        "filename": "invite.ics" if method != "CANCEL" else "cancel.ics",
        "content": content.decode(),
        "mimetype": "text/calendar",
    }


def compose_notice(
    registration: Registration, kind: str, *, key: str = "", now: datetime.datetime
) -> ComposedEmail:
    """The mail for one notice to one registrant, in the registrant's language."""
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context: dict[str, Any] = {
            "registration": registration,
            "event": event,
            "event_url": event.get_absolute_full_url(),
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
        attachments = []
        if (
            kind in CALENDAR_NOTICES
            and registration.is_confirmed
            and not event.is_cancelled
        ):
            attachments.append(
                calendar_attachment(registration, method="PUBLISH", now=now)
            )
        elif kind in CANCEL_NOTICES:
            attachments.append(
                calendar_attachment(registration, method="CANCEL", now=now)
            )
    return ComposedEmail(
        to=registration.email,
        template_prefix=f"events/emails/{kind}",
        language=language,
        context=context,
        attachments=attachments,
    )
