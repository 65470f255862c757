"""Mail to registrants: one per person, in their language, with calendar files that parse."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest
import vobject
from icalendar import Calendar

from events import services
from events.models import Registration, RegistrationNotice
from events.tasks import send_registration_notice
from portal.models import OutgoingEmail
from tests.factories.events import EventPageFactory, in_days

pytestmark = pytest.mark.django_db

Status = Registration.Status


def guest(n: int = 1, **fields) -> services.RegistrantDetails:
    return services.RegistrantDetails(
        name=f"Vieras {n}", email=f"vieras{n}@example.com", **fields
    )


def calendar_of(mail) -> Calendar:
    """The mail's calendar message (iMIP, RFC 6047): a text/calendar part whose `method`
    matches the METHOD inside, and the same data as the file invite.ics. Read with
    icalendar and, for confirmation, with vobject: both must read the same entry."""
    [(content, mimetype)] = [
        alternative
        for alternative in mail.alternatives
        if alternative.mimetype.startswith("text/calendar")
    ]
    [attachment] = [a for a in mail.attachments if a.filename == "invite.ics"]
    assert attachment.mimetype == "application/ics"
    assert attachment.content.decode() == content
    calendar = Calendar.from_ical(content)
    assert mimetype == f"text/calendar; method={calendar['METHOD']}"
    [vevent] = calendar.walk("VEVENT")
    second = vobject.readOne(content)
    assert second.method.value == calendar["METHOD"]
    assert second.vevent.uid.value == str(vevent["UID"])
    assert int(second.vevent.sequence.value) == vevent["SEQUENCE"]
    assert second.vevent.dtstart.value == vevent.decoded("DTSTART")
    assert second.vevent.dtend.value == vevent.decoded("DTEND")
    assert second.vevent.organizer.value == str(vevent["ORGANIZER"])
    assert second.vevent.attendee.value == str(vevent["ATTENDEE"])
    assert getattr(second.vevent, "status", None) is None or (
        second.vevent.status.value == vevent["STATUS"]
    )
    return calendar


def has_calendar(mail) -> bool:
    return any(a.mimetype.startswith("text/calendar") for a in mail.alternatives)


def html_of(mail) -> str:
    [html] = [a.content for a in mail.alternatives if a.mimetype == "text/html"]
    return html


def mails_to(mailoutbox, address: str) -> list:
    return [mail for mail in mailoutbox if mail.to == [address]]


def fi(message: str) -> str:
    with translation.override("fi"):
        return gettext(message)


REMOVES_ENTRY = "The attached calendar message removes the event from your calendar."
ANSWER_CHANGES_NOTHING = (
    "If your calendar asks whether you will attend, the answer does not change your "
    "registration: to cancel, use the link in this message."
)


@pytest.fixture
def event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="TE24-tuumaustunti: Kuntalain 54 §:n sopimusohjeen esittely",
        capacity=1,
        online_meeting_url="https://teams.example/meet/te24",
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (tasks, then mail) of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_confirmation_has_text_html_reply_to_and_a_calendar_file_with_the_link(
    event, commit, mailoutbox
):
    with commit():
        registration = services.register_for_event(
            event=event, guest=guest(), answers={}
        )

    [mail] = mailoutbox
    assert mail.to == ["vieras1@example.com"]
    assert mail.reply_to == ["muutostuki@muutostuki.example"]
    assert event.title in mail.subject
    assert registration.manage_token in mail.body
    assert "https://teams.example/meet/te24" in mail.body
    assert "https://teams.example/meet/te24" in html_of(mail)
    calendar = calendar_of(mail)
    [vevent] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == event.calendar_uid
    assert vevent.decoded("DTSTART") == event.starts_at
    assert "https://teams.example/meet/te24" in str(vevent["DESCRIPTION"])
    assert str(vevent["ORGANIZER"]) == "mailto:muutostuki@muutostuki.example"
    assert str(vevent["ATTENDEE"]) == "mailto:vieras1@example.com"
    assert dict(vevent["ATTENDEE"].params) == {
        "CN": "Vieras 1",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "ACCEPTED",
        "RSVP": "FALSE",
    }
    assert vevent["STATUS"] == "CONFIRMED"
    [part] = [
        part
        for part in mail.message().walk()
        if part.get_content_type() == "text/calendar"
    ]
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"


def test_waitlisted_mail_tells_the_position_and_has_no_link_or_calendar(
    event, commit, mailoutbox
):
    with commit():
        services.register_for_event(event=event, guest=guest(1), answers={})
        services.register_for_event(event=event, guest=guest(2), answers={})

    waitlisted = mailoutbox[1]
    assert waitlisted.to == ["vieras2@example.com"]
    with translation.override("fi"):
        assert gettext("On the waitlist") in waitlisted.subject
    assert "teams.example" not in waitlisted.body
    assert "teams.example" not in html_of(waitlisted)
    assert waitlisted.attachments == []
    assert not has_calendar(waitlisted)


def test_promoted_mail_carries_the_calendar_file_with_the_link(
    event, commit, mailoutbox
):
    first = services.register_for_event(event=event, guest=guest(1), answers={})
    services.register_for_event(event=event, guest=guest(2), answers={})

    with commit():
        services.cancel_registration(registration=first)

    promoted = next(mail for mail in mailoutbox if mail.to == ["vieras2@example.com"])
    [vevent] = calendar_of(promoted).walk("VEVENT")
    assert "https://teams.example/meet/te24" in str(vevent["DESCRIPTION"])
    cancelled = next(mail for mail in mailoutbox if mail.to == ["vieras1@example.com"])
    # The confirmation was not mailed (no commit): there is no entry to take out.
    assert not has_calendar(cancelled)
    assert fi(REMOVES_ENTRY) not in cancelled.body
    assert fi(ANSWER_CHANGES_NOTHING) in promoted.body


def test_mail_is_written_in_the_registrants_language(event, commit, mailoutbox):
    with commit():
        services.register_for_event(event=event, guest=guest(language="sv"), answers={})

    assert mailoutbox[0].subject.startswith("Anmälan bekräftad")


def test_signed_in_user_gets_a_link_to_my_account(
    event, member_user, commit, mailoutbox
):
    with commit():
        services.register_for_event(event=event, user=member_user, answers={})

    assert "/fi/network/account/#registrations" in mailoutbox[0].body


def test_changed_event_mail_has_same_uid_and_higher_sequence(event, commit, mailoutbox):
    event.save_revision().publish()
    with commit():
        services.register_for_event(event=event, guest=guest(), answers={})
    first = calendar_of(mailoutbox[0]).walk("VEVENT")[0]
    event.refresh_from_db()
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)

    with commit():
        event.save_revision().publish()

    changed_calendar = calendar_of(mailoutbox[1])
    changed = changed_calendar.walk("VEVENT")[0]
    assert changed_calendar["METHOD"] == "REQUEST"
    assert str(changed["UID"]) == str(first["UID"])
    assert changed["SEQUENCE"] > first["SEQUENCE"]
    assert changed.decoded("DTSTART") == event.starts_at


def test_cancelled_event_mail_removes_the_entry_with_method_cancel(
    event, commit, mailoutbox
):
    event.save_revision().publish()
    with commit():
        services.register_for_event(event=event, guest=guest(1), answers={})
        services.register_for_event(event=event, guest=guest(2), answers={})
    confirmed = calendar_of(mailoutbox[0]).walk("VEVENT")[0]
    mailoutbox.clear()
    event.refresh_from_db()
    event.is_cancelled = True
    event.cancellation_reason = "Puhuja sairastui."

    with commit():
        event.save_revision().publish()

    [mail] = mails_to(mailoutbox, "vieras1@example.com")
    assert "Puhuja sairastui." in mail.body
    calendar = calendar_of(mail)
    [vevent] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL"
    assert vevent["STATUS"] == "CANCELLED"
    assert str(vevent["UID"]) == str(confirmed["UID"])
    assert vevent["SEQUENCE"] > confirmed["SEQUENCE"]
    assert "teams.example" not in calendar.to_ical().decode()
    [waitlisted] = mails_to(mailoutbox, "vieras2@example.com")
    assert "Puhuja sairastui." in waitlisted.body
    assert not has_calendar(waitlisted)


# --- The calendar entry through a registration's life ---------------------------------


def test_own_cancellation_removes_the_entry_with_a_higher_sequence(
    event, member_user, commit, mailoutbox
):
    with commit():
        registration = services.register_for_event(
            event=event, user=member_user, answers={}
        )
    added = calendar_of(mailoutbox[0]).walk("VEVENT")[0]

    with commit():
        services.cancel_registration(registration=registration)

    cancel = calendar_of(mailoutbox[1])
    [vevent] = cancel.walk("VEVENT")
    assert cancel["METHOD"] == "CANCEL"
    assert str(vevent["UID"]) == str(added["UID"])
    assert vevent["SEQUENCE"] > added["SEQUENCE"]
    assert str(vevent["ATTENDEE"]) == f"mailto:{member_user.email}"
    assert "STATUS" not in vevent  # the event itself takes place (RFC 5546, 3.2.5)
    assert fi(ANSWER_CHANGES_NOTHING) in mailoutbox[0].body
    assert fi(REMOVES_ENTRY) in mailoutbox[1].body
    assert fi(REMOVES_ENTRY) in html_of(mailoutbox[1])


def test_every_calendar_message_to_a_person_is_newer_than_the_one_before(
    event_index, staff_user, commit, mailoutbox
):
    event = EventPageFactory(parent=event_index, capacity=1)
    event.save_revision().publish()
    with commit():
        first = services.register_for_event(event=event, guest=guest(1), answers={})
    with commit():
        second = services.register_for_event(event=event, guest=guest(2), answers={})
    with commit():
        services.move_to_waitlist(registration=first, by=staff_user)
    with commit():
        services.confirm_registration(registration=second, by=staff_user)
    with commit():
        services.cancel_registration(registration=second)  # promotes the first
    event.refresh_from_db()
    event.place = "Kuntatalo, Helsinki"
    event.format = event.Format.HYBRID
    with commit():
        event.save_revision().publish()
    with commit():
        services.cancel_registration(registration=first)
    with commit():
        again = services.register_for_event(event=event, guest=guest(1), answers={})
    assert again.is_confirmed

    messages = [
        calendar_of(mail)
        for mail in mails_to(mailoutbox, "vieras1@example.com")
        if has_calendar(mail)
    ]
    methods = [calendar["METHOD"] for calendar in messages]
    sequences = [calendar.walk("VEVENT")[0]["SEQUENCE"] for calendar in messages]
    assert methods == ["REQUEST", "CANCEL", "REQUEST", "REQUEST", "CANCEL", "REQUEST"]
    assert sequences == sorted(set(sequences))


def test_pending_and_rejected_registrants_get_no_calendar_message(
    event_index, staff_user, commit, mailoutbox
):
    event = EventPageFactory(parent=event_index, requires_approval=True)
    with commit():
        pending = services.register_for_event(event=event, guest=guest(), answers={})
        services.reject_registration(
            registration=pending, by=staff_user, reason="Vain kunnille."
        )

    assert [has_calendar(mail) for mail in mailoutbox] == [False, False]


def test_a_notice_task_run_twice_sends_one_mail(event, commit, mailoutbox):
    registration = services.register_for_event(event=event, guest=guest(), answers={})

    with commit():
        first = send_registration_notice.call(registration.pk, "confirmed", "")
        second = send_registration_notice.call(registration.pk, "confirmed", "")

    assert (first, second) == ("queued", "skipped")
    assert len(mailoutbox) == 1
    assert (
        RegistrationNotice.objects.get().outgoing_email == OutgoingEmail.objects.get()
    )


# --- Reminders --------------------------------------------------------------------------


def test_reminders_are_sent_once_to_confirmed_registrants(event, commit, mailoutbox):
    services.register_for_event(event=event, guest=guest(1), answers={})
    services.register_for_event(event=event, guest=guest(2), answers={})  # waitlisted
    shortly_before = event.starts_at - datetime.timedelta(hours=23)

    with commit():
        sent = services.send_due_reminders(now=shortly_before)
        again = services.send_due_reminders(
            now=shortly_before + datetime.timedelta(hours=1)
        )

    assert (sent, again) == (1, 0)
    [mail] = mailoutbox
    assert mail.to == ["vieras1@example.com"]
    assert "https://teams.example/meet/te24" in mail.body
    assert not has_calendar(mail)  # the entry is in the calendar since the confirmation


def test_reminders_wait_until_the_lead_time(event):
    services.register_for_event(event=event, guest=guest(), answers={})

    assert (
        services.send_due_reminders(now=event.starts_at - datetime.timedelta(days=2))
        == 0
    )
    assert Registration.objects.get().reminder_sent_at is None


def test_registering_inside_the_lead_time_gets_no_reminder(event):
    just_before = event.starts_at - datetime.timedelta(hours=2)
    services.register_for_event(event=event, guest=guest(), answers={}, now=just_before)

    assert (
        services.send_due_reminders(now=just_before + datetime.timedelta(minutes=10))
        == 0
    )


def test_moving_the_event_later_re_arms_the_reminder(event):
    event.save_revision().publish()
    services.register_for_event(event=event, guest=guest(), answers={})
    services.send_due_reminders(now=event.starts_at - datetime.timedelta(hours=1))
    event.refresh_from_db()
    event.starts_at += datetime.timedelta(days=7)
    event.ends_at += datetime.timedelta(days=7)

    event.save_revision().publish()

    assert Registration.objects.get().reminder_sent_at is None


def test_reminder_command_is_safe_to_run_repeatedly(event_index, commit, mailoutbox):
    # Twelve hours from now: in_days(0.5) sets 10 o'clock of that day, which is already
    # past between 10 and 12 Helsinki time.
    starts_at = timezone.now() + datetime.timedelta(hours=12)
    soon = EventPageFactory(
        parent=event_index,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )
    services.register_for_event(event=soon, guest=guest(), answers={}, now=in_days(-3))
    out = StringIO()

    with commit():
        call_command("send_event_reminders", "--hours", "24", stdout=out)
        call_command("send_event_reminders", stdout=out)

    assert len(mailoutbox) == 1
    assert out.getvalue().splitlines() == [
        "Queued 1 reminder(s).",
        "Queued 0 reminder(s).",
    ]


# --- After the event ----------------------------------------------------------------------------


@pytest.fixture
def past_event(event_index):
    event = EventPageFactory(
        parent=event_index,
        capacity=1,
        starts_at=in_days(-2),
        ends_at=in_days(-2) + datetime.timedelta(hours=1),
    )
    for n in (1, 2, 3):
        services.register_for_event(
            event=event, guest=guest(n), answers={}, now=in_days(-5)
        )
    services.cancel_registration(
        registration=Registration.objects.get(email="vieras3@example.com"),
        now=in_days(-4),
    )
    return event


def test_followup_waits_for_materials_then_goes_once_to_confirmed_and_waitlisted(
    past_event, commit, mailoutbox
):
    assert services.send_due_followups() == 0
    past_event.recording_url = "https://video.example/tallenne"
    past_event.save()

    with commit():
        sent = services.send_due_followups()
        again = services.send_due_followups()

    assert (sent, again) == (2, 0)
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "vieras1@example.com",
        "vieras2@example.com",
    ]
    assert all("https://video.example/tallenne" in mail.body for mail in mailoutbox)


def test_followup_command_reports_what_it_queued(past_event):
    past_event.recording_url = "https://video.example/tallenne"
    past_event.save()
    out = StringIO()

    call_command("send_event_followups", stdout=out)

    assert out.getvalue().strip() == "Queued 2 after-event e-mail(s)."


def test_with_the_database_backend_the_notice_task_commits_with_the_registration(
    event, settings, django_capture_on_commit_callbacks
):
    """A web process killed right after the registration's commit cannot lose its mail."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks() as callbacks:
        registration = services.register_for_event(
            event=event, guest=guest(), answers={}
        )
    # Nothing waits for the commit but the page cache's version bump (portal.pagecache).
    assert [callback.__module__ for callback in callbacks] == [
        "portal.pagecache"
    ] * len(callbacks)
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "events.tasks.send_registration_notice"
    assert task.args_kwargs["args"] == [registration.pk, "confirmed", ""]
