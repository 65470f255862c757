"""Background work of events: one task per notice to one registrant, keyed by ids."""

from django.db import transaction
from django.utils import timezone

from django_tasks import task

from events.emails import compose_notice, is_notice_due
from events.models import Registration, RegistrationNotice
from portal.emails import queue_templated_email


@task()
def send_registration_notice(registration_id: int, kind: str, key: str = "") -> str:
    """Queue the mail of one notice unless it was queued before; safe to run twice."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_related("event", "municipality")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None or not is_notice_due(registration, kind):
            return "skipped"
        notice, created = RegistrationNotice.objects.get_or_create(
            registration=registration, kind=kind, key=key
        )
        if not created:
            return "skipped"
        composed = compose_notice(registration, kind, key=key, now=timezone.now())
        notice.outgoing_email = queue_templated_email(
            to=composed.to,
            template_prefix=composed.template_prefix,
            context=composed.context,
            language=composed.language,
            attachments=composed.attachments,
            kind="events",
            # A message from the office is written by a person; every other notice
            # is generated (Auto-Submitted, RFC 3834).
            auto_submitted=kind != RegistrationNotice.Kind.MESSAGE,
        )
        notice.calendar_method = composed.calendar_method
        notice.save(update_fields=["outgoing_email", "calendar_method"])
    return "queued"
