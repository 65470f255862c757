"""Background sending of stored e-mail, with retries; queueing tasks with the transaction
that needs them, and running again the tasks of workers that died."""

import datetime
import logging
from collections import Counter
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from django_tasks import default_task_backend, task
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def enqueue_in_transaction(task_function, *args) -> None:
    """Queue a task so that it exists exactly when the surrounding transaction commits.

    With the database task backend the task row is written in the transaction itself: a
    process killed right after the commit cannot lose it, and a rollback takes it away.
    Other backends (the immediate one of development and tests) get it after the commit.
    """
    if isinstance(task_function.get_backend(), DatabaseBackend):
        task_function.enqueue(*args)
    else:
        transaction.on_commit(partial(task_function.enqueue, *args))


def requeue_stalled_tasks(*, now: datetime.datetime) -> int:
    """Make tasks that have been running longer than PORTAL_TASK_STALLED_SECONDS ready
    to run again: their worker died (killed, out of memory, the machine went down) with
    the task in hand. Every task of the portal is safe to run twice."""
    cutoff = now - datetime.timedelta(seconds=settings.PORTAL_TASK_STALLED_SECONDS)
    stalled = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    )
    return stalled.update(status=TaskResultStatus.READY, started_at=None)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back off exponentially: 1, 2, 4, 8, 16 minutes between attempts."""
    return datetime.timedelta(minutes=2 ** max(attempts - 1, 0))


def message_id(message: OutgoingEmail) -> str:
    """The same Message-ID on every attempt of one stored mail, so that a copy sent again
    after a crash (see `send_outgoing_email`) is recognisably the same message."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<outgoing-{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def build_message(message: OutgoingEmail, *, connection=None) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={**(message.headers or {}), "Message-ID": message_id(message)},
        connection=connection,
    )
    if message.body_html:
        mail.attach_alternative(message.body_html, "text/html")
    for item in message.attachments:
        if item.get("method"):
            # A calendar message (iMIP, RFC 6047): a text/calendar alternative whose
            # `method` parameter matches the METHOD inside, which mail clients turn into
            # an invitation, and the same data as a file for those that do not.
            mail.attach_alternative(
                item["content"], f"text/calendar; method={item['method']}"
            )
            mail.attach(item["filename"], item["content"].encode(), "application/ics")
            continue
        mail.attach(
            item["filename"], item["content"], item.get("mimetype", "text/plain")
        )
    return mail


@task()
def send_outgoing_email(outgoing_email_id: int) -> str:
    """Send one stored e-mail unless it was sent, is being sent by another worker or is
    not yet due again; safe to run twice, in any number of workers.

    The row stays locked while the mail is sent, and it is marked sent in the same
    transaction before the SMTP conversation, so that the commit follows the server's
    acceptance at once (the connection is closed only afterwards): a process killed
    between the two is the only way a mail goes out twice. A failure is recorded on the
    message (status, error, next attempt time) and never raised.
    """
    now = timezone.now()
    connection = get_connection()
    try:
        with transaction.atomic():
            message = (
                OutgoingEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=outgoing_email_id)
                .first()
            )
            if message is None or not message.may_attempt(
                now=now, max_attempts=MAX_ATTEMPTS
            ):
                return "skipped"
            message.attempts += 1
            try:
                with transaction.atomic():
                    _mark_sent(message, now=now)
                    connection.open()
                    build_message(message, connection=connection).send()
            except Exception as error:  # noqa: BLE001 - any transport failure is retried
                _mark_failed(message, error=error, now=now)
                return "failed"
    finally:
        _close_quietly(connection)
    return "sent"


def _close_quietly(connection) -> None:
    """Hang up; the mail is already accepted and recorded, so a failing QUIT is harmless."""
    try:
        connection.close()
    except OSError as error:  # smtplib's and ssl's errors are OSErrors
        logger.info("Closing the mail connection failed: %s", error)


def _mark_sent(message: OutgoingEmail, *, now: datetime.datetime) -> None:
    message.status = OutgoingEmail.Status.SENT
    message.sent_at = now
    message.last_error = ""
    message.next_attempt_at = None
    message.save(
        update_fields=["status", "attempts", "sent_at", "last_error", "next_attempt_at"]
    )


def _mark_failed(
    message: OutgoingEmail, *, error: Exception, now: datetime.datetime
) -> None:
    message.status = OutgoingEmail.Status.FAILED
    message.sent_at = None
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.next_attempt_at = now + retry_delay(message.attempts)
    message.save(
        update_fields=[
            "status",
            "attempts",
            "sent_at",
            "last_error",
            "next_attempt_at",
        ]
    )
    logger.warning("Sending e-mail %s failed: %s", message.pk, error)
    schedule_retry(message)


def schedule_retry(message: OutgoingEmail) -> None:
    """Queue the next attempt if the backend can defer; else `send_queued_emails` does."""
    if message.attempts >= MAX_ATTEMPTS or not default_task_backend.supports_defer:
        return
    enqueue_in_transaction(
        send_outgoing_email.using(run_after=message.next_attempt_at), message.pk
    )


def send_due_emails(*, now: datetime.datetime, limit: int) -> Counter:
    """Try every unsent mail whose next attempt is due, oldest first; count the outcomes."""
    ids = list(
        OutgoingEmail.objects.due_for_retry(
            max_attempts=MAX_ATTEMPTS, now=now
        ).values_list("pk", flat=True)[:limit]
    )
    return Counter(send_outgoing_email.call(pk) for pk in ids)
