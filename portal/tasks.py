"""Background sending of stored e-mail, with retries."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from django_tasks import default_task_backend, task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back off exponentially: 1, 2, 4, 8, 16 minutes between attempts."""
    return datetime.timedelta(minutes=2 ** max(attempts - 1, 0))


def build_message(message: OutgoingEmail) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
    )
    if message.body_html:
        mail.attach_alternative(message.body_html, "text/html")
    for item in message.attachments:
        mail.attach(
            item["filename"], item["content"], item.get("mimetype", "text/plain")
        )
    return mail


@task()
def send_outgoing_email(outgoing_email_id: int) -> str:
    """Send one stored e-mail unless it was sent already; safe to run twice."""
    with transaction.atomic():
        message = (
            OutgoingEmail.objects.select_for_update()
            .filter(pk=outgoing_email_id)
            .first()
        )
        if message is None or message.status == OutgoingEmail.Status.SENT:
            return "skipped"
        message.attempts += 1
        try:
            build_message(message).send()
        except Exception as error:  # noqa: BLE001 - any transport failure is retried
            message.status = OutgoingEmail.Status.FAILED
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.save(update_fields=["status", "attempts", "last_error"])
            logger.warning("Sending e-mail %s failed: %s", message.pk, error)
            schedule_retry(message)
            return "failed"
        message.status = OutgoingEmail.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    return "sent"


def schedule_retry(message: OutgoingEmail) -> None:
    """Queue the next attempt if the backend can defer; else the cron command does."""
    if message.attempts >= MAX_ATTEMPTS or not default_task_backend.supports_defer:
        return
    run_after = timezone.now() + retry_delay(message.attempts)
    transaction.on_commit(
        lambda: send_outgoing_email.using(run_after=run_after).enqueue(message.pk)
    )
