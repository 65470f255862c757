"""Run again the tasks whose worker died with them in hand: run it from cron, e.g. every
five minutes."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.tasks import requeue_stalled_tasks


class Command(BaseCommand):
    help = (
        "Make background tasks that have been running longer than "
        "PORTAL_TASK_STALLED_SECONDS ready to run again (their worker died). "
        "Safe to run repeatedly: every task of the portal is safe to run twice."
    )

    def handle(self, *args, **options):
        count = requeue_stalled_tasks(now=timezone.now())
        self.stdout.write(f"Queued {count} stalled task(s) again.")
