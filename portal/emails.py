"""Composing and queueing e-mail. Every app sends through `queue_email`."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail


def queued_grace() -> datetime.timedelta:
    """How long a fresh mail is left to the task worker, which sends it right after the
    commit; `send_queued_emails` takes it over only when it is still unsent after this
    (the worker was down, or was killed with the task in hand)."""
    return datetime.timedelta(seconds=settings.PORTAL_EMAIL_QUEUE_GRACE_SECONDS)


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
) -> OutgoingEmail:
    """Store one e-mail to one person and send it in the background after commit.

    Storing first means a failure to send never loses the message: it is retried. The
    sending task is queued with the transaction (`enqueue_in_transaction`).
    """
    from .tasks import enqueue_in_transaction, send_outgoing_email

    message = OutgoingEmail.objects.create(
        to=to,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        reply_to=settings.PORTAL_REPLY_TO_EMAIL,
        attachments=[dict(item) for item in attachments],
        kind=kind,
        next_attempt_at=timezone.now() + queued_grace(),
    )
    enqueue_in_transaction(send_outgoing_email, message.pk)
    return message


def queue_templated_email(
    *,
    to: str,
    template_prefix: str,
    context: Mapping[str, Any],
    language: str = "",
    attachments: Iterable[Mapping[str, str]] = (),
    kind: str = "",
) -> OutgoingEmail:
    """Render a mail from templates in the recipient's language and queue it."""
    subject, text, html = render_email(template_prefix, context, language=language)
    return queue_email(
        to=to, subject=subject, text=text, html=html, attachments=attachments, kind=kind
    )
