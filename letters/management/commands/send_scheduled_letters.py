from django.core.management.base import BaseCommand
from django.utils import timezone

from letters.models import LetterPage
from letters.services import send_scheduled_letters
from letters.tasks import queue_letter
from portal.tasks import enqueue_in_transaction


class Command(BaseCommand):
    help = (
        "Start the info letters whose scheduled time has come, and continue letters "
        "whose queueing was interrupted. Safe to run every minute."
    )

    def handle(self, *args, **options):
        # Letters left "being sent" by a run that died: their queueing goes on where it
        # stopped (a delivery is never written twice).
        interrupted = list(
            LetterPage.objects.filter(
                send_status=LetterPage.SendStatus.SENDING
            ).values_list("pk", flat=True)
        )
        for letter_id in interrupted:
            enqueue_in_transaction(queue_letter, letter_id)
        started = send_scheduled_letters(now=timezone.now())
        self.stdout.write(f"Started {started} letters, continued {len(interrupted)}.")
