"""Composing the mails about requests; `portal.emails` stores and sends them."""

from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from asks.models import Request, RequestEvent
from portal.emails import queue_templated_email

#: Changes whose mail quotes the office's newest message.
MESSAGE_ACTIONS = (
    RequestEvent.Action.ASKED,
    RequestEvent.Action.REPLIED,
    RequestEvent.Action.ANSWERED,
    RequestEvent.Action.ACCEPTED,
)


def absolute_url(path: str) -> str:
    return urljoin(settings.PORTAL_BASE_URL, path)


def queue_requester_update(*, request: Request, event: RequestEvent):
    """Tell the requester of a change, in the request's language, with the office's
    message and a link to the request (for those with an account)."""
    message = None
    if event.action in MESSAGE_ACTIONS:
        message = request.messages.filter(is_from_office=True).last()
    with translation.override(request.language):
        link = absolute_url(request.get_absolute_url()) if request.requester_id else ""
    return queue_templated_email(
        to=request.email,
        template_prefix="asks/emails/request_updated",
        context={
            "request": request,
            "event": event,
            "action": event.action,
            "message": message.body if message else "",
            "link": link,
        },
        language=request.language,
        kind="requests",
    )


def queue_office_notice(*, request: Request, event: RequestEvent):
    """Tell the office (the assigned staff member, else its mailbox) that a request
    arrived or its requester wrote more; in Finnish, linking to the inbox."""
    recipient = (
        request.assigned_user.email
        if request.assigned_user_id and request.assigned_user.is_active
        else settings.PORTAL_REQUESTS_OFFICE_EMAIL
    )
    return queue_templated_email(
        to=recipient,
        template_prefix="asks/emails/office_notice",
        context={
            "request": request,
            "event": event,
            "action": event.action,
            "link": absolute_url(reverse("asks_requests:inspect", args=[request.pk])),
        },
        language=settings.LANGUAGE_CODE,
        kind="requests",
        reply_to=request.email,
    )
