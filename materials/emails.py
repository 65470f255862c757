"""Composing the knowledge base's e-mail; `portal.emails` stores and sends it."""

from django.conf import settings
from django.urls import reverse

from portal.emails import queue_templated_email
from portal.models import OutgoingEmail


def question_fields(*, page, submission) -> list[tuple[str, str]]:
    """The submitted answers as (label, text) pairs, in the form's order."""
    rows = []
    for name, label in page.get_data_fields():
        if name == "submit_time":
            continue
        value = submission.form_data.get(name, "")
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        rows.append((str(label), "" if value is None else str(value)))
    return rows


def queue_question_notifications(*, page, submission) -> list[OutgoingEmail]:
    """One notification per office address of the form page; returns the stored mails."""
    addresses = [
        address.strip() for address in page.to_address.split(",") if address.strip()
    ]
    context = {
        "page": page,
        "subject": page.subject,
        "submission": submission,
        "fields": question_fields(page=page, submission=submission),
        "submissions_path": reverse("wagtailforms:list_submissions", args=[page.pk]),
    }
    return [
        queue_templated_email(
            to=address,
            template_prefix="materials/emails/question_received",
            context=context,
            language=settings.LANGUAGE_CODE,
            kind="materials",
        )
        for address in addresses
    ]
