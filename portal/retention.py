"""Deleting what the privacy statement promises to delete, on the periods it states.

The periods are settings (`PORTAL_RETENTION_*`, read by `periods()`); the demo's privacy
statement is written from the same values. `manage.py purge_expired_data` (daily from
cron) runs every registered step. `portal` cannot import the feature apps, so each app
registers the steps for its own data from its `AppConfig.ready()`:

    from portal import retention

    retention.register(
        retention.RetentionStep(
            key="events.registrations",
            label="registrations, {registration_months} months after the event",
            count=count_expired_registrations,  # now -> how many would go
            purge=purge_expired_registrations,  # now -> how many went
            order=20,
        )
    )

A step deletes or anonymises only what has passed its period, so running it again
removes nothing more; `count` answers what `purge` would remove, for `--dry-run`. The
label is what the command prints, with the periods filled in (`describe`).
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q


@dataclass(frozen=True)
class RetentionStep:
    key: str
    label: str
    count: Callable[[datetime.datetime], int]
    purge: Callable[[datetime.datetime], int]
    order: int = 100


_steps: dict[str, RetentionStep] = {}


def register(step: RetentionStep) -> None:
    """Add (or replace, by key) a purge step."""
    _steps[step.key] = step


def steps() -> list[RetentionStep]:
    """The registered steps in the order they run."""
    return sorted(_steps.values(), key=lambda step: (step.order, step.key))


def describe(step: RetentionStep) -> str:
    return step.label.format(**periods())


def periods() -> dict[str, int]:
    """The retention periods the settings give, by name (the unit ends the name)."""
    return {
        "registration_months": settings.PORTAL_RETENTION_REGISTRATION_MONTHS,
        "guest_registration_months": (
            settings.PORTAL_RETENTION_GUEST_REGISTRATION_MONTHS
        ),
        "event_answer_days": settings.PORTAL_RETENTION_EVENT_ANSWER_DAYS,
        "unconfirmed_account_days": settings.PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS,
        "sent_email_days": settings.PORTAL_RETENTION_SENT_EMAIL_DAYS,
        "task_result_days": settings.PORTAL_RETENTION_TASK_RESULT_DAYS,
        "log_months": settings.PORTAL_RETENTION_LOG_MONTHS,
        "request_months": settings.PORTAL_RETENTION_REQUEST_MONTHS,
    }


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter
    month: 31 May minus three months is 28 or 29 February)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    return moment - datetime.timedelta(days=days)


# --- The portal's own data ----------------------------------------------------------------


def _sent_mail_contents(now: datetime.datetime):
    from portal.models import OutgoingEmail

    cutoff = days_before(now, settings.PORTAL_RETENTION_SENT_EMAIL_DAYS)
    return OutgoingEmail.objects.sent_before(cutoff).with_contents()


def _erase_sent_mail_contents(now: datetime.datetime) -> int:
    return _sent_mail_contents(now).update(body_text="", body_html="", attachments=[])


def _old_mails(now: datetime.datetime):
    from portal.models import OutgoingEmail

    cutoff = months_before(now, settings.PORTAL_RETENTION_LOG_MONTHS)
    return OutgoingEmail.objects.filter(created_at__lt=cutoff)


def _old_task_results(now: datetime.datetime):
    from django_tasks_db.models import DBTaskResult

    cutoff = days_before(now, settings.PORTAL_RETENTION_TASK_RESULT_DAYS)
    # Unfinished ones that old were left by a worker that died; their mail is retried
    # from the mail queue, not from the task.
    return DBTaskResult.objects.filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, enqueued_at__lt=cutoff)
    )


def _old_log_entries(now: datetime.datetime) -> list:
    from wagtail.models import ModelLogEntry, PageLogEntry

    cutoff = months_before(now, settings.PORTAL_RETENTION_LOG_MONTHS)
    return [
        model.objects.filter(timestamp__lt=cutoff)
        for model in (ModelLogEntry, PageLogEntry)
    ]


def _expired_sessions(now: datetime.datetime):
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=now)


def register_portal_steps() -> None:
    """The mail queue, task results, the audit log and sessions (from `PortalConfig`)."""
    register(
        RetentionStep(
            key="portal.sent_email_contents",
            label=(
                "text, HTML and attachments of sent e-mails, "
                "{sent_email_days} days after sending"
            ),
            count=lambda now: _sent_mail_contents(now).count(),
            purge=_erase_sent_mail_contents,
            order=80,
        )
    )
    register(
        RetentionStep(
            key="portal.email_log",
            label="e-mails in the mail queue (recipient, subject), {log_months} months",
            count=lambda now: _old_mails(now).count(),
            purge=lambda now: _old_mails(now).delete()[0],
            order=81,
        )
    )
    register(
        RetentionStep(
            key="portal.task_results",
            label="results of background tasks, {task_result_days} days",
            count=lambda now: _old_task_results(now).count(),
            purge=lambda now: _old_task_results(now).delete()[0],
            order=82,
        )
    )
    register(
        RetentionStep(
            key="portal.audit_log",
            label=(
                "the audit log of the admin (who did what: sign-in, security and "
                "editorial entries), {log_months} months"
            ),
            count=lambda now: sum(qs.count() for qs in _old_log_entries(now)),
            purge=lambda now: sum(qs.delete()[0] for qs in _old_log_entries(now)),
            order=83,
        )
    )
    register(
        RetentionStep(
            key="portal.sessions",
            label="expired sign-in sessions",
            count=lambda now: _expired_sessions(now).count(),
            purge=lambda now: _expired_sessions(now).delete()[0],
            order=84,
        )
    )
