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
    mails = [
        queue_templated_email(
            to=address,
            template_prefix="materials/emails/question_received",
            context=context,
            language=settings.LANGUAGE_CODE,
            kind="materials",
            # The expert answers the asker, not the office's mailbox.
            reply_to=submission.email,
        )
        for address in addresses
    ]
    return [mail for mail in mails if mail is not None]


def queue_practice_notification(*, submission, template: str, is_update: bool = False):
    """Tell the person who shared a practice where its review stands, in their
    language; nothing is sent once they have left (the practice stays)."""
    from django.utils import translation

    from materials import services

    user = submission.submitted_by
    if user is None or not user.is_active:
        return None
    language = user.preferred_language or settings.LANGUAGE_CODE
    page = submission.page
    with translation.override(language):
        account_path = reverse("network:account") + "#practices"
        edit_path = reverse("materials:practice_edit", args=[submission.pk])
    return queue_templated_email(
        to=user.email,
        template_prefix=f"materials/emails/{template}",
        context={
            "user": user,
            "title": page.draft_title,
            "message": submission.message,
            "is_update": is_update,
            "page_link": services.absolute_url(page.get_url()) if page.live else "",
            "account_path": account_path,
            "edit_path": edit_path,
        },
        language=language,
        kind="practices",
    )
