import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from events.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue reminders to confirmed registrants of events starting within the lead time "
        "(default PORTAL_EVENT_REMINDER_HOURS). Each registration is reminded once; safe to "
        "run repeatedly, e.g. every 10 minutes from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.PORTAL_EVENT_REMINDER_HOURS,
            help="How many hours before the start to remind.",
        )

    def handle(self, *args, hours: int, **options):
        sent = send_due_reminders(lead=datetime.timedelta(hours=hours))
        self.stdout.write(f"Queued {sent} reminder(s).")
