"""`purge_expired_data`: every kind of personal data the privacy statement promises to
remove, on its period; the statement states the same periods."""

import datetime
import io

from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from portal import retention
from portal.demo import loader as demo
from portal.models import OutgoingEmail, StatementPage

pytestmark = pytest.mark.django_db

# The command reads the clock itself, so the data sits an hour on either side of a limit.
HOUR = datetime.timedelta(hours=1)


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def mail(*, created_at, sent_at=None, **fields) -> OutgoingEmail:
    message = OutgoingEmail.objects.create(
        to="kunta@example.com",
        subject="Ilmoittautuminen vahvistettu",
        body_text="Tervetuloa",
        body_html="<p>Tervetuloa</p>",
        attachments=[{"filename": "tapahtuma.ics", "content": "BEGIN:VCALENDAR"}],
        status=OutgoingEmail.Status.SENT if sent_at else OutgoingEmail.Status.QUEUED,
        sent_at=sent_at,
        **fields,
    )
    OutgoingEmail.objects.filter(pk=message.pk).update(created_at=created_at)
    return message


def task_result(*, finished_at, enqueued_at, status="SUCCESSFUL") -> DBTaskResult:
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="portal.tasks.send_outgoing_email",
        backend_name="default",
        run_after=get_date_max(),
        status=status,
        finished_at=finished_at,
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=enqueued_at)
    return result


def output_of(*args) -> str:
    out = io.StringIO()
    call_command("purge_expired_data", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ("2026-12-06T10:00", 12, "2025-12-06T10:00"),
        ("2026-05-31T10:00", 3, "2026-02-28T10:00"),
        ("2028-05-31T10:00", 3, "2028-02-29T10:00"),
        ("2026-01-15T10:00", 1, "2025-12-15T10:00"),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    parse = datetime.datetime.fromisoformat
    assert retention.months_before(parse(moment), months) == parse(expected)


def test_every_app_registers_its_steps():
    assert {step.key for step in retention.steps()} == {
        "asks.requests",
        "events.answers_after_event",
        "events.guest_registrations",
        "events.registrations",
        "forums.attachments",
        "network.unconfirmed_accounts",
        "portal.sent_email_contents",
        "portal.email_log",
        "portal.task_results",
        "portal.audit_log",
        "portal.sessions",
    }


def test_sent_mails_lose_their_contents_after_the_period(settings):
    settings.PORTAL_RETENTION_SENT_EMAIL_DAYS = 30
    old = mail(created_at=days_ago(31), sent_at=days_ago(30) - HOUR)
    recent = mail(created_at=days_ago(31), sent_at=days_ago(30) + HOUR)
    unsent = mail(created_at=days_ago(31))

    output_of()

    old.refresh_from_db()
    assert (old.body_text, old.body_html, old.attachments) == ("", "", [])
    assert (old.to, old.subject) == (
        "kunta@example.com",
        "Ilmoittautuminen vahvistettu",
    )
    for kept in (recent, unsent):
        kept.refresh_from_db()
        assert kept.body_text == "Tervetuloa"
        assert kept.attachments


def test_the_mail_queue_keeps_its_record_for_the_log_period(settings):
    settings.PORTAL_RETENTION_LOG_MONTHS = 12
    year_ago = retention.months_before(timezone.now(), 12)
    old = mail(created_at=year_ago - HOUR)
    kept = mail(created_at=year_ago + HOUR)
    output_of()
    assert list(OutgoingEmail.objects.all()) == [kept]
    assert not OutgoingEmail.objects.filter(pk=old.pk).exists()


def test_old_task_results_go(settings):
    settings.PORTAL_RETENTION_TASK_RESULT_DAYS = 30
    old = task_result(finished_at=days_ago(30) - HOUR, enqueued_at=days_ago(31))
    recent = task_result(finished_at=days_ago(30) + HOUR, enqueued_at=days_ago(31))
    abandoned = task_result(
        finished_at=None, enqueued_at=days_ago(31), status="RUNNING"
    )
    waiting = task_result(finished_at=None, enqueued_at=days_ago(1), status="READY")
    output_of()
    assert set(DBTaskResult.objects.all()) == {recent, waiting}
    assert not DBTaskResult.objects.filter(pk__in=[old.pk, abandoned.pk]).exists()


def test_the_audit_log_keeps_12_months(settings, home_page, staff_user):
    settings.PORTAL_RETENTION_LOG_MONTHS = 12
    year_ago = retention.months_before(timezone.now(), 12)
    old_model = log(instance=staff_user, action="wagtail.edit", user=staff_user)
    new_model = log(instance=staff_user, action="wagtail.edit", user=staff_user)
    old_page = log(instance=home_page, action="wagtail.edit", user=staff_user)
    ModelLogEntry.objects.filter(pk=old_model.pk).update(timestamp=year_ago - HOUR)
    ModelLogEntry.objects.filter(pk=new_model.pk).update(timestamp=year_ago + HOUR)
    PageLogEntry.objects.filter(pk=old_page.pk).update(timestamp=year_ago - HOUR)
    output_of()
    assert list(ModelLogEntry.objects.all()) == [new_model]
    assert not PageLogEntry.objects.filter(pk=old_page.pk).exists()


def test_expired_sessions_go():
    Session.objects.create(
        session_key="vanha", session_data="", expire_date=days_ago(1)
    )
    Session.objects.create(
        session_key="voimassa", session_data="", expire_date=days_ago(-1)
    )
    output_of()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["voimassa"]


def test_a_dry_run_counts_per_kind_and_removes_nothing(settings):
    settings.PORTAL_RETENTION_SENT_EMAIL_DAYS = 30
    mail(created_at=days_ago(40), sent_at=days_ago(40))
    mail(created_at=days_ago(40), sent_at=days_ago(35))

    text = output_of("--dry-run")

    assert "Would remove      2  portal.sent_email_contents" in text
    assert "text, HTML and attachments of sent e-mails, 30 days after sending" in text
    assert "Would remove      0  events.registrations" in text
    assert text.endswith("Would remove 2 in all (dry run).\n")
    assert OutgoingEmail.objects.with_contents().count() == 2

    assert "Removed      2  portal.sent_email_contents" in output_of()
    assert output_of().endswith("Removed 0 in all.\n")


def test_a_failing_kind_does_not_stop_the_others(monkeypatch, caplog):
    step = retention.RetentionStep(
        key="a_broken.step",
        label="nothing",
        count=lambda now: 0,
        purge=lambda now: 1 / 0,
        order=0,
    )
    monkeypatch.setattr(retention, "_steps", {**retention._steps, step.key: step})
    Session.objects.create(
        session_key="vanha", session_data="", expire_date=days_ago(1)
    )
    with pytest.raises(CommandError, match=r"a_broken\.step"):
        output_of()
    assert not Session.objects.exists()
    assert "Purging a_broken.step failed" in caplog.text


def test_the_demo_privacy_statement_states_the_configured_periods(client, settings):
    settings.PORTAL_RETENTION_REGISTRATION_MONTHS = 18
    settings.PORTAL_RETENTION_GUEST_REGISTRATION_MONTHS = 1
    settings.PORTAL_RETENTION_EVENT_ANSWER_DAYS = 5
    settings.PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS = 10
    settings.PORTAL_RETENTION_SENT_EMAIL_DAYS = 45
    settings.PORTAL_RETENTION_TASK_RESULT_DAYS = 14
    settings.PORTAL_RETENTION_LOG_MONTHS = 24
    demo.seed(log=lambda line: None)

    expected = {
        "fi": [
            "poistetaan 10 päivän kuluttua rekisteröitymisestä",
            "poistetaan 18 kuukauden kuluttua tapahtumasta",
            "ilmoittautumiset 1 kuukauden kuluttua tapahtumasta",
            "poistetaan 5 päivän kuluttua tapahtumasta",
            "poistetaan 45 päivän kuluttua lähettämisestä",
            "säilytetään 24 kuukauden ajan",
            "poistetaan 14 päivän kuluttua",
        ],
        "sv": [
            "raderas kontot 10 dagar efter registreringen",
            "raderas 18 månader efter evenemanget",
            "användarkonto 1 månad efter evenemanget",
            "raderas 5 dagar efter evenemanget",
            "raderas 45 dagar efter att de skickades",
            "sparas i 24 månader",
            "raderas efter 14 dagar",
        ],
        "en": [
            "deleted 10 days after signing up",
            "deleted 18 months after the event",
            "without an account 1 month after the event",
            "deleted 5 days after the event",
            "deleted 45 days after sending",
            "kept for 24 months",
            "deleted after 14 days",
        ],
    }
    for language, phrases in expected.items():
        page = StatementPage.objects.get(
            kind=StatementPage.Kind.PRIVACY, locale__language_code=language
        )
        html = client.get(page.url).content.decode()
        for phrase in phrases:
            assert phrase in html, (language, phrase)
