"""Questions sent through the FAQ's question form before the inbox existed become closed
general requests (the office answered them by mail), so that the asker's history, the
report and the coverage view include them."""

import re

from django.db import migrations
from django.utils import timezone

#: The detail of the log entries this migration writes, which its reverse looks for.
MARKER = "Taken in from the question form"
CONTACT_FIELDS = {"name", "email", "phone", "organisation", "municipality"}


def take_in_questions(apps, schema_editor):
    Request = apps.get_model("asks", "Request")
    RequestEvent = apps.get_model("asks", "RequestEvent")
    QuestionSubmission = apps.get_model("materials", "QuestionSubmission")
    Municipality = apps.get_model("network", "Municipality")
    now = timezone.now()
    submissions = QuestionSubmission.objects.filter(office_request__isnull=True)
    for submission in submissions.select_related("page", "user").iterator():
        data = dict(submission.form_data or {})
        texts = [
            str(value)
            for name, value in data.items()
            if name not in CONTACT_FIELDS and value not in ("", None, [])
        ]
        first = texts[0] if texts else ""
        code = re.search(r"\((\d{3})\)$", str(data.get("municipality", "")))
        municipality = (
            Municipality.objects.filter(code=code.group(1)).first() if code else None
        )
        request = Request.objects.create(
            kind="general",
            state="closed",
            subject=(first.splitlines()[0] if first else submission.page.title)[:200],
            body="\n\n".join(texts) or submission.page.title,
            language=page_language(submission),
            requester=submission.user,
            name=str(data.get("name", ""))[:150],
            email=submission.email,
            phone=str(data.get("phone", ""))[:40],
            organisation=str(data.get("organisation", ""))[:200],
            municipality=municipality,
            question_submission=submission,
            created_at=submission.submit_time,
            updated_at=now,
            closed_at=now,
        )
        RequestEvent.objects.create(
            request=request,
            action="submitted",
            to_state="new",
            detail=MARKER,
            created_at=submission.submit_time,
        )
        RequestEvent.objects.create(
            request=request,
            action="closed",
            from_state="new",
            to_state="closed",
            detail=MARKER,
            created_at=now,
        )


def page_language(submission) -> str:
    """The form page's language (the historical page model has its locale)."""
    locale = getattr(submission.page, "locale", None)
    return getattr(locale, "language_code", "") or "fi"


def remove_taken_in_questions(apps, schema_editor):
    Request = apps.get_model("asks", "Request")
    Request.objects.filter(
        events__action="closed", events__detail=MARKER
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("asks", "0001_create_requests"),
    ]

    operations = [
        migrations.RunPython(take_in_questions, remove_taken_in_questions),
    ]
