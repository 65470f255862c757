"""Composing and queueing e-mail. Every app sends through `queue_email`.

The queue also writes the headers that every mail needs, in one place:

- `Auto-Submitted: auto-generated` (RFC 3834) on every mail the portal writes by itself, so
  that out-of-office replies and other robots leave it alone; a message that a person of
  the office wrote (`auto_submitted=False`) goes without it.
- `Reply-To`: the office's mailbox, or the person the mail is about (`reply_to=`), e.g.
  the asker of a question, so that the expert's reply reaches them.
- `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058)
  on bulk mail (`unsubscribe_url=`): mail programs then offer "unsubscribe" and POST to
  the address without a login or CSRF token. The address is also in the templates'
  context as `unsubscribe_url` for the link in the mail itself.

Mailing lists that have no preference page of their own (survey invitations; a future
newsletter) use `mailing_list_unsubscribe_url` and `is_unsubscribed`: the link carries a
signed token of the address and the list, and `portal.views.unsubscribe` records the
opt-out.

Work that must write to no one (seeding the demo, whose services would mail every
registration and approval) runs inside `mail_suppressed()`: then `queue_email` stores no
message and `queue_mail_task` enqueues no task, so nothing is queued or sent.
"""

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import MailingListOptOut, OutgoingEmail


def queued_grace() -> datetime.timedelta:
    """How long a fresh mail is left to the task worker, which sends it right after the
    commit; `send_queued_emails` takes it over only when it is still unsent after this
    (the worker was down, or was killed with the task in hand)."""
    return datetime.timedelta(seconds=settings.PORTAL_EMAIL_QUEUE_GRACE_SECONDS)


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
    """Queue a task that composes or sends mail so that it exists exactly when the
    transaction commits (`portal.tasks.enqueue_in_transaction`), unless mail is
    suppressed now, when the mail is decided."""
    from portal.tasks import enqueue_in_transaction

    if is_mail_suppressed():
        return
    enqueue_in_transaction(task, *args)


UNSUBSCRIBE_SALT = "portal.emails.unsubscribe"


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


def mail_headers(*, auto_submitted: bool, unsubscribe_url: str) -> dict[str, str]:
    """The extra headers of one mail (see the module's docstring)."""
    headers = {}
    if auto_submitted:
        headers["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def queue_email(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    attachments: Iterable[Mapping[str, str]] = (),
    kind: str = "",
    reply_to: str = "",
    unsubscribe_url: str = "",
    auto_submitted: bool = True,
) -> OutgoingEmail | None:
    """Store one e-mail to one person and send it in the background after commit; store
    and send nothing (None) while mail is suppressed.

    Storing first means a failure to send never loses the message: it is retried. The
    sending task is queued with the transaction (`enqueue_in_transaction`).
    """
    from .tasks import send_outgoing_email

    if is_mail_suppressed():
        return None
    message = OutgoingEmail.objects.create(
        to=to,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        reply_to=reply_to or settings.PORTAL_REPLY_TO_EMAIL,
        headers=mail_headers(
            auto_submitted=auto_submitted, unsubscribe_url=unsubscribe_url
        ),
        attachments=[dict(item) for item in attachments],
        kind=kind,
        next_attempt_at=timezone.now() + queued_grace(),
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
    reply_to: str = "",
    unsubscribe_url: str = "",
    auto_submitted: bool = True,
) -> OutgoingEmail | None:
    """Render a mail from templates in the recipient's language and queue it (None while
    mail is suppressed)."""
    if is_mail_suppressed():
        return None
    subject, text, html = render_email(
        template_prefix,
        {**context, "unsubscribe_url": unsubscribe_url},
        language=language,
    )
    return queue_email(
        to=to,
        subject=subject,
        text=text,
        html=html,
        attachments=attachments,
        kind=kind,
        reply_to=reply_to,
        unsubscribe_url=unsubscribe_url,
        auto_submitted=auto_submitted,
    )


# --- Mailing lists without a preference page of their own --------------------------------

#: The lists a person can leave from a link, by name: what the confirmation page calls
#: them. Apps register theirs from `AppConfig.ready()`.
MAILING_LISTS: dict[str, str] = {}


def register_mailing_list(name: str, *, label: str) -> None:
    MAILING_LISTS[name] = label


def mailing_list_unsubscribe_url(
    *, email: str, mailing_list: str, language: str
) -> str:
    """The address (under PORTAL_BASE_URL) that takes `email` off `mailing_list`."""
    token = signing.dumps(
        {"e": email.lower(), "l": mailing_list}, salt=UNSUBSCRIBE_SALT
    )
    with translation.override(language):
        path = reverse("unsubscribe", kwargs={"token": token})
    return urljoin(settings.PORTAL_BASE_URL, path)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """(address, list) of an unsubscribe link's token; None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not data.get("e") or not data.get("l"):
        return None
    return data["e"], data["l"]


def unsubscribe(*, email: str, mailing_list: str) -> MailingListOptOut:
    """Take the address off the list; doing it again changes nothing."""
    opt_out, _created = MailingListOptOut.objects.get_or_create(
        email=email.lower(), mailing_list=mailing_list
    )
    return opt_out


def is_unsubscribed(*, email: str, mailing_list: str) -> bool:
    return MailingListOptOut.objects.filter(
        email=email.lower(), mailing_list=mailing_list
    ).exists()
