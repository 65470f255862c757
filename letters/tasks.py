"""Background work of the info letters, keyed by ids and safe to run twice."""

from django.utils import timezone

from django_tasks import task

from .models import LetterPage
from .services import queue_deliveries


@task()
def queue_letter(letter_id: int) -> int:
    """Queue the letter's remaining mails (all of them the first time; after a crash,
    those not yet queued)."""
    letter = LetterPage.objects.filter(pk=letter_id).first()
    if letter is None or letter.send_status != LetterPage.SendStatus.SENDING:
        return 0
    return queue_deliveries(letter=letter, now=timezone.now())
