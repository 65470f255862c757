"""Record which calendar message the notices sent so far carried: invite.ics put the event
into the registrant's calendar (then METHOD:PUBLISH, now REQUEST), cancel.ics took it out."""

from django.db import migrations

FILES = {"invite.ics": "REQUEST", "cancel.ics": "CANCEL"}


def fill_calendar_methods(apps, schema_editor):
    RegistrationNotice = apps.get_model("events", "RegistrationNotice")
    notices = RegistrationNotice.objects.filter(
        calendar_method="", outgoing_email__isnull=False
    ).select_related("outgoing_email")
    for notice in notices.iterator():
        names = {item.get("filename") for item in notice.outgoing_email.attachments}
        method = next((FILES[name] for name in FILES if name in names), "")
        if method:
            notice.calendar_method = method
            notice.save(update_fields=["calendar_method"])


def clear_calendar_methods(apps, schema_editor):
    RegistrationNotice = apps.get_model("events", "RegistrationNotice")
    RegistrationNotice.objects.update(calendar_method="")


class Migration(migrations.Migration):
    dependencies = [("events", "0004_add_notice_calendar_method")]

    operations = [
        migrations.RunPython(fill_calendar_methods, clear_calendar_methods),
    ]
