"""Receivers: a question sent through the FAQ's form also lands in the office's inbox."""

from django.db import transaction


def question_submitted(sender, instance, created, raw=False, **kwargs) -> None:
    if not created or raw:
        return
    from asks import services

    # The form page sets the page and its fields before saving; record after the
    # submission's own transaction has its rows, in the same transaction.
    with transaction.atomic():
        services.record_question_submission(submission=instance)
