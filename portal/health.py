"""What `/health/` answers a load balancer or a monitor: can this instance reach the
database and the cache, and are mails and tasks going out.

Each check returns a small dict with `status` ("ok" or "fail") and a few numbers. A check
that raises reports only the class of the error: messages can carry host names or
addresses, and the answer is public.
"""

import datetime
import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Min, Q
from django.utils import timezone

from django_tasks_db.models import DBTaskResult, get_date_max

from portal.models import OutgoingEmail
from portal.tasks import MAX_ATTEMPTS

logger = logging.getLogger(__name__)

Check = Callable[[datetime.datetime], dict]


def check_database(now: datetime.datetime) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def check_cache(now: datetime.datetime) -> dict:
    """Write, read back and delete a key: the cache every process shares must work."""
    key = f"portal:health:{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=30)
    value = cache.get(key)
    cache.delete(key)
    return {"status": "ok" if value == "ok" else "fail"}


def _age_seconds(since: datetime.datetime | None, now: datetime.datetime) -> int | None:
    return None if since is None else max(int((now - since).total_seconds()), 0)


def _is_late(age: int | None) -> bool:
    return age is not None and age > settings.PORTAL_HEALTH_MAX_QUEUE_AGE_SECONDS


def check_mail(now: datetime.datetime) -> dict:
    """Mails not yet sent that still have attempts left, and how long the oldest has
    waited; too long means no worker or no SMTP server has done its job."""
    unsent = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).filter(
        attempts__lt=MAX_ATTEMPTS
    )
    figures = unsent.aggregate(oldest=Min("created_at"))
    age = _age_seconds(figures["oldest"], now)
    return {
        "status": "fail" if _is_late(age) else "ok",
        "unsent": unsent.count(),
        "oldest_unsent_seconds": age,
        "given_up": OutgoingEmail.objects.filter(attempts__gte=MAX_ATTEMPTS)
        .exclude(status=OutgoingEmail.Status.SENT)
        .count(),
    }


def check_tasks(now: datetime.datetime) -> dict:
    """Tasks due that no worker has taken yet (database task backend only)."""
    if settings.PORTAL_TASK_BACKEND != "database":
        return {"status": "ok", "backend": "immediate"}
    waiting = DBTaskResult.objects.ready()
    not_deferred = Q(run_after=get_date_max())
    # A deferred task (a retry) has waited since its time came, the rest since enqueued.
    figures = waiting.aggregate(
        oldest_enqueued=Min("enqueued_at", filter=not_deferred),
        oldest_due=Min("run_after", filter=~not_deferred),
    )
    oldest = min(
        (moment for moment in figures.values() if moment is not None), default=None
    )
    age = _age_seconds(oldest, now)
    return {
        "status": "fail" if _is_late(age) else "ok",
        "waiting": waiting.count(),
        "oldest_waiting_seconds": age,
    }


CHECKS: dict[str, Check] = {
    "database": check_database,
    "cache": check_cache,
    "mail": check_mail,
    "tasks": check_tasks,
}


def run_checks(now: datetime.datetime | None = None) -> dict:
    """Every check's answer and the overall status: "ok" only if every check is."""
    now = now or timezone.now()
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check(now)
        except Exception as error:  # noqa: BLE001 - a failing check is the answer
            logger.warning("Health check %s failed: %r", name, error)
            results[name] = {"status": "fail", "error": type(error).__name__}
    healthy = all(result["status"] == "ok" for result in results.values())
    return {"status": "ok" if healthy else "fail", "checks": results}
