"""Send stored e-mails that are still unsent: run it from cron, e.g. every five minutes."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.tasks import send_due_emails


class Command(BaseCommand):
    help = (
        "Send stored e-mails that are still unsent and due for another attempt. "
        "Safe to run repeatedly: a sent mail is never sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=500,
            help="Try at most this many mails in one run (default 500).",
        )

    def handle(self, *args, **options):
        outcomes = send_due_emails(now=timezone.now(), limit=options["limit"])
        self.stdout.write(
            f"Sent {outcomes['sent']}, failed {outcomes['failed']}, "
            f"skipped {outcomes['skipped']}."
        )
