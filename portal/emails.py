"""Composing and queueing e-mail. Every app sends through `queue_email`.

Work that must write to no one (seeding the demo, whose services would mail every
registration and approval) runs inside `mail_suppressed()`: then `queue_email` stores no
message and `queue_mail_task` enqueues no task, so nothing is queued or sent.
"""

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail

# A fresh mail is sent by the task worker right after commit; `send_queued_emails` picks it
# up only if it is still unsent after this long (the worker was down or the task was lost).
QUEUED_GRACE = datetime.timedelta(minutes=10)

_mail_suppressed: ContextVar[bool] = ContextVar("portal_mail_suppressed", default=False)


@contextmanager
def mail_suppressed() -> Iterator[None]:
    """Queue and send no e-mail inside the block (in this thread or task)."""
    token = _mail_suppressed.set(True)
    try:
        yield
    finally:
        _mail_suppressed.reset(token)


def is_mail_suppressed() -> bool:
    return _mail_suppressed.get()


def queue_mail_task(task, *args: Any) -> None:
    """Enqueue a task that composes or sends mail once the transaction commits, unless
    mail is suppressed now, when the mail is decided."""
    if is_mail_suppressed():
        return
    transaction.on_commit(partial(task.enqueue, *args))


def render_email(
    template_prefix: str, context: Mapping[str, Any], *, language: str = ""
) -> tuple[str, str, str]:
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` in a language.

    The HTML part is optional: a missing template gives an empty string.
    """
    context = {"base_url": settings.PORTAL_BASE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"{template_prefix}_subject.txt", context).split()
        )
        text = render_to_string(f"{template_prefix}.txt", context)
        try:
            html = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:  # the HTML part is optional
            html = ""
    return subject, text, html


def queue_email(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    attachments: Iterable[Mapping[str, str]] = (),
    kind: str = "",
) -> OutgoingEmail | None:
    """Store one e-mail to one person and send it in the background after commit; store
    and send nothing (None) while mail is suppressed.

    Storing first means a failure to send never loses the message: it is retried.
    """
    from .tasks import send_outgoing_email

    if is_mail_suppressed():
        return None
    message = OutgoingEmail.objects.create(
        to=to,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        reply_to=settings.PORTAL_REPLY_TO_EMAIL,
        attachments=[dict(item) for item in attachments],
        kind=kind,
        next_attempt_at=timezone.now() + QUEUED_GRACE,
    )
    queue_mail_task(send_outgoing_email, message.pk)
    return message


def queue_templated_email(
    *,
    to: str,
    template_prefix: str,
    context: Mapping[str, Any],
    language: str = "",
    attachments: Iterable[Mapping[str, str]] = (),
    kind: str = "",
) -> OutgoingEmail | None:
    """Render a mail from templates in the recipient's language and queue it (None while
    mail is suppressed)."""
    if is_mail_suppressed():
        return None
    subject, text, html = render_email(template_prefix, context, language=language)
    return queue_email(
        to=to, subject=subject, text=text, html=html, attachments=attachments, kind=kind
    )
