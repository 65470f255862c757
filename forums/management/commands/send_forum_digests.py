from django.core.management.base import BaseCommand

from forums.services import queue_due_digests


class Command(BaseCommand):
    help = (
        "Queue the forum's notification e-mails that are due: batched ones at most every "
        "30 minutes per person, daily digests once a day from 7:00. Run from cron every "
        "few minutes."
    )

    def handle(self, *args, **options):
        count = queue_due_digests()
        self.stdout.write(f"Queued {count} forum digest(s).")
