from django.core.management.base import BaseCommand

from events.services import send_due_followups


class Command(BaseCommand):
    help = (
        "Queue the after-event mail (materials and recording) to the confirmed and the "
        "waitlisted of events that have ended and have materials. Each registration gets it "
        "once; safe to run repeatedly, e.g. hourly from cron."
    )

    def handle(self, *args, **options):
        sent = send_due_followups()
        self.stdout.write(f"Queued {sent} after-event e-mail(s).")
