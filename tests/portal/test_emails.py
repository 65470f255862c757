"""The mail queue: stored first, sent after commit, retried, never sent twice."""

import datetime
import logging

from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks import default_task_backend

from portal.emails import (
    is_mail_suppressed,
    mail_suppressed,
    queue_email,
    queue_mail_task,
    queue_templated_email,
    queued_grace,
)
from portal.models import OutgoingEmail
from portal.tasks import MAX_ATTEMPTS, send_outgoing_email

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.portal.mail_backends.FailingBackend"


def queue(**overrides) -> OutgoingEmail:
    fields = {
        "to": "kunta@example.com",
        "subject": "Tervetuloa verkostoon",
        "text": "Hei!",
        **overrides,
    }
    return queue_email(**fields)


def stored(status, **fields) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to=fields.pop("to", "vastaanottaja@example.com"),
        subject=fields.pop("subject", "Aihe"),
        body_text="Teksti",
        status=status,
        **fields,
    )


def test_while_mail_is_suppressed_nothing_is_stored_queued_or_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        mail_suppressed(),
    ):
        assert queue() is None
        assert (
            queue_templated_email(
                to="kunta@example.com",
                template_prefix="network/emails/membership_approved",
                context={},
            )
            is None
        )
        queue_mail_task(send_outgoing_email, 1)
    assert callbacks == []
    assert not OutgoingEmail.objects.exists()
    assert mailoutbox == []


def test_mail_is_suppressed_only_inside_the_block(django_capture_on_commit_callbacks):
    with mail_suppressed():
        assert is_mail_suppressed()
    assert not is_mail_suppressed()
    with django_capture_on_commit_callbacks() as callbacks:
        queue_mail_task(send_outgoing_email, 1)
    assert len(callbacks) == 1


def test_queue_email_stores_the_mail_and_sends_it_only_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue(
            html="<p>Hei!</p>",
            attachments=[
                {
                    "filename": "tapahtuma.ics",
                    "content": "BEGIN:VCALENDAR",
                    "mimetype": "text/calendar",
                }
            ],
            kind="events",
        )
        assert mailoutbox == []
        message.refresh_from_db()
        assert message.status == OutgoingEmail.Status.QUEUED
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.next_attempt_at is None
    [mail] = mailoutbox
    assert mail.to == ["kunta@example.com"]
    assert mail.reply_to == [message.reply_to]
    assert mail.alternatives[0] == ("<p>Hei!</p>", "text/html")
    assert mail.attachments[0][0] == "tapahtuma.ics"


def test_a_calendar_message_is_a_text_calendar_part_with_its_method_and_a_file(
    mailoutbox, django_capture_on_commit_callbacks
):
    calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Tuumaustunti ä\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            html="<p>Hei!</p>",
            attachments=[
                {
                    "filename": "invite.ics",
                    "content": calendar,
                    "mimetype": "text/calendar",
                    "method": "REQUEST",
                }
            ],
        )

    [mail] = mailoutbox
    message = mail.message()
    [alternative] = [
        part
        for part in message.walk()
        if part.get_content_type() == "multipart/alternative"
    ]
    parts = [part.get_content_type() for part in alternative.get_payload()]
    [calendar_part] = [
        part for part in message.walk() if part.get_content_type() == "text/calendar"
    ]
    [file_part] = [
        part for part in message.walk() if part.get_filename() == "invite.ics"
    ]
    assert parts == ["text/plain", "text/html", "text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_content_charset() == "utf-8"
    assert calendar_part.get_payload(decode=True).decode() == calendar
    assert file_part.get_content_type() == "application/ics"
    assert file_part.get_payload(decode=True).decode() == calendar


def test_a_rolled_back_transaction_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue()
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_a_failing_backend_marks_the_mail_failed_without_raising(
    settings, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    before = timezone.now()
    with (
        caplog.at_level(logging.WARNING, logger="portal.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = queue()
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.FAILED
    assert message.attempts == 1
    assert message.last_error == (
        "SMTPServerDisconnected: Connection unexpectedly closed"
    )
    assert message.next_attempt_at >= before + datetime.timedelta(minutes=1)
    assert "failed" in caplog.text


def test_running_the_task_again_does_not_send_twice(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    assert send_outgoing_email.call(message.pk) == "skipped"
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1


def test_a_failed_mail_waits_for_its_back_off_before_the_next_attempt(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_outgoing_email.call(message.pk) == "skipped"
    OutgoingEmail.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert send_outgoing_email.call(message.pk) == "sent"
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        OutgoingEmail.Status.SENT,
        2,
        "",
    )


def test_a_deferring_task_backend_gets_the_retry_queued_at_the_back_off_time(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    message = stored(OutgoingEmail.Status.QUEUED)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert send_outgoing_email.call(message.pk) == "failed"
    message.refresh_from_db()
    [retry] = default_task_backend.results
    assert retry.args == [message.pk]
    assert retry.task.run_after == message.next_attempt_at


def test_no_retry_is_queued_after_the_last_attempt(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    message = stored(OutgoingEmail.Status.FAILED, attempts=MAX_ATTEMPTS - 1)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert send_outgoing_email.call(message.pk) == "failed"
    assert default_task_backend.results == []
    assert send_outgoing_email.call(message.pk) == "skipped"


def test_send_queued_emails_sends_only_the_mails_that_are_due(mailoutbox):
    now = timezone.now()
    past = now - datetime.timedelta(minutes=1)
    future = now + datetime.timedelta(minutes=5)
    due_failed = stored(
        OutgoingEmail.Status.FAILED,
        to="a@example.com",
        attempts=2,
        next_attempt_at=past,
    )
    stale_queued = stored(
        OutgoingEmail.Status.QUEUED, to="b@example.com", next_attempt_at=past
    )
    stored(OutgoingEmail.Status.QUEUED, to="fresh@example.com", next_attempt_at=future)
    stored(
        OutgoingEmail.Status.FAILED,
        to="waiting@example.com",
        attempts=1,
        next_attempt_at=future,
    )
    stored(
        OutgoingEmail.Status.FAILED,
        to="given-up@example.com",
        attempts=MAX_ATTEMPTS,
        next_attempt_at=past,
    )
    stored(OutgoingEmail.Status.SENT, to="done@example.com", attempts=1, sent_at=past)

    call_command("send_queued_emails", stdout=(output := _Output()))

    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "a@example.com",
        "b@example.com",
    ]
    assert output.text == "Sent 2, failed 0, skipped 0.\n"
    for message in (due_failed, stale_queued):
        message.refresh_from_db()
        assert message.status == OutgoingEmail.Status.SENT

    call_command("send_queued_emails", stdout=(output := _Output()))
    assert len(mailoutbox) == 2
    assert output.text == "Sent 0, failed 0, skipped 0.\n"


def test_send_queued_emails_records_failures_and_keeps_going(settings, mailoutbox):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    past = timezone.now() - datetime.timedelta(minutes=1)
    first = stored(OutgoingEmail.Status.QUEUED, next_attempt_at=past)
    second = stored(OutgoingEmail.Status.FAILED, attempts=3, next_attempt_at=past)

    call_command("send_queued_emails", stdout=(output := _Output()))

    assert output.text == "Sent 0, failed 2, skipped 0.\n"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attempts) == (OutgoingEmail.Status.FAILED, 1)
    assert (second.status, second.attempts) == (OutgoingEmail.Status.FAILED, 4)
    assert second.next_attempt_at > timezone.now() + datetime.timedelta(minutes=7)


def test_a_freshly_queued_mail_is_left_to_the_worker_for_a_grace_period():
    message = queue()
    assert (
        message.next_attempt_at
        > timezone.now() + queued_grace() - datetime.timedelta(seconds=5)
    )
    due = OutgoingEmail.objects.due_for_retry(
        max_attempts=MAX_ATTEMPTS, now=timezone.now()
    )
    assert message not in due


class _Output:
    """Collects what a management command writes."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


# --- Headers: Auto-Submitted, Reply-To, List-Unsubscribe ---------------------------------


def test_every_automatic_mail_is_marked_auto_submitted_and_replies_go_to_the_office(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
        queue(to="toinen@example.com", auto_submitted=False)
    automatic, written = mailoutbox
    assert automatic.extra_headers["Auto-Submitted"] == "auto-generated"
    assert automatic.reply_to == [settings.PORTAL_REPLY_TO_EMAIL]
    assert "List-Unsubscribe" not in automatic.extra_headers
    assert "Auto-Submitted" not in written.extra_headers


def test_bulk_mail_carries_one_click_unsubscribe_and_its_own_reply_to(
    mailoutbox, django_capture_on_commit_callbacks
):
    url = "https://muutostuki.example/fi/unsubscribe/abc/"
    with django_capture_on_commit_callbacks(execute=True):
        queue(unsubscribe_url=url, reply_to="kysyja@example.com")
    [mail] = mailoutbox
    message = mail.message()
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Reply-To"] == "kysyja@example.com"


def test_templated_mail_offers_the_unsubscribe_address_to_its_templates(
    tmp_path, settings
):
    from portal.emails import queue_templated_email

    folder = tmp_path / "templates" / "kirje"
    folder.mkdir(parents=True)
    (folder / "uutinen_subject.txt").write_text("Uutiskirje")
    (folder / "uutinen.txt").write_text("Lopeta: {{ unsubscribe_url }}")
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    message = queue_templated_email(
        to="lukija@example.com",
        template_prefix="kirje/uutinen",
        context={},
        unsubscribe_url="https://muutostuki.example/u/1/",
    )
    assert message.body_text == "Lopeta: https://muutostuki.example/u/1/"
    assert message.headers["List-Unsubscribe"] == "<https://muutostuki.example/u/1/>"


# --- Leaving a mailing list: the link and the one-click POST -----------------------------


@pytest.fixture
def newsletter():
    from portal import emails

    emails.register_mailing_list("test-newsletter", label="Testikirje")
    yield "test-newsletter"
    emails.MAILING_LISTS.pop("test-newsletter")


def test_unsubscribe_link_asks_on_get_and_unsubscribes_on_a_one_click_post(
    newsletter, settings
):
    from django.test import Client

    from portal import emails

    settings.PORTAL_BASE_URL = "https://muutostuki.example"
    url = emails.mailing_list_unsubscribe_url(
        email="Kirjaamo@Kunta.example", mailing_list=newsletter, language="sv"
    )
    assert url.startswith("https://muutostuki.example/sv/unsubscribe/")
    path = url.removeprefix("https://muutostuki.example")
    client = Client(enforce_csrf_checks=True)  # a mail program sends no CSRF token
    page = client.get(path)
    assert page.status_code == 200
    assert "Testikirje" in page.content.decode()
    assert not emails.is_unsubscribed(
        email="kirjaamo@kunta.example", mailing_list=newsletter
    )
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert emails.is_unsubscribed(
        email="KIRJAAMO@kunta.example", mailing_list=newsletter
    )
    assert client.post(path).status_code == 200  # again: nothing changes
    assert (
        client.get(path.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 404
    )


@pytest.mark.django_db(transaction=True)
def test_a_mail_is_marked_sent_before_the_smtp_conversation_and_committed_before_hanging_up(
    settings,
):
    """What a crash leaves: killed before the server accepts, the transaction is rolled
    back and the mail is retried; after it, only the commit is missing."""
    from tests.portal.mail_backends import RecordingBackend

    settings.EMAIL_BACKEND = "tests.portal.mail_backends.RecordingBackend"
    RecordingBackend.events = []
    message = stored(OutgoingEmail.Status.QUEUED)

    assert send_outgoing_email.call(message.pk) == "sent"

    assert RecordingBackend.events == [
        ("send", OutgoingEmail.Status.SENT, True),
        ("close", None, False),
    ]


def test_every_attempt_of_a_mail_carries_the_same_message_id(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    message = stored(OutgoingEmail.Status.QUEUED)
    other = stored(OutgoingEmail.Status.QUEUED, to="toinen@example.com")
    send_outgoing_email.call(message.pk)
    send_outgoing_email.call(other.pk)
    OutgoingEmail.objects.filter(pk=message.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=1
    )
    send_outgoing_email.call(message.pk)

    first, second, again = (mail.extra_headers["Message-ID"] for mail in mailoutbox)
    assert first == again != second
    assert first.endswith("@muutostuki.example>")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_mail_another_worker_is_sending_is_skipped_without_waiting(mailoutbox):
    """Two workers holding the same task (or the cron job and a worker): the second does
    not wait for the first one's SMTP conversation, and does not send."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks to skip")
    message = stored(OutgoingEmail.Status.QUEUED)
    locked, release = threading.Event(), threading.Event()

    def first_worker():
        from django.db import transaction

        try:
            with transaction.atomic():
                OutgoingEmail.objects.select_for_update().get(pk=message.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    try:
        assert locked.wait(10)
        assert send_outgoing_email.call(message.pk) == "skipped"
    finally:
        release.set()
        thread.join()
    assert mailoutbox == []
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutgoingEmail.Status.QUEUED, 0)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_with_the_database_backend_the_task_is_written_in_the_transaction(
    settings, django_capture_on_commit_callbacks
):
    """A process killed right after the commit cannot lose the sending task; a rollback
    removes it with the mail."""
    from django.db import transaction

    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                message = queue()
                [task] = DBTaskResult.objects.all()
                assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}
                raise _RolledBack
        except _RolledBack:
            pass
    assert callbacks == []
    assert not DBTaskResult.objects.exists()
    assert not OutgoingEmail.objects.exists()


class _RolledBack(Exception):
    pass


@pytest.mark.django_db(transaction=True)  # the worker checks its connection as it runs
def test_a_task_left_running_by_a_dead_worker_runs_again_and_sends_once(
    settings, mailoutbox
):
    from django_tasks_db.models import DBTaskResult

    from portal.tasks import requeue_stalled_tasks

    settings.TASKS = DATABASE_TASKS
    settings.PORTAL_TASK_STALLED_SECONDS = 600
    message = queue()
    [task] = DBTaskResult.objects.all()
    task.claim("worker-killed-with-kill-9")
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=601)
    )
    running_recently = DBTaskResult.objects.create(
        args_kwargs={"args": [0], "kwargs": {}},
        task_path="portal.tasks.send_outgoing_email",
        backend_name="default",
        run_after=task.run_after,
        status="RUNNING",
        started_at=timezone.now() - datetime.timedelta(seconds=599),
    )

    assert requeue_stalled_tasks(now=timezone.now()) == 1
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=_Output())

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids[0] == "worker-killed-with-kill-9"
    assert len(task.worker_ids) == 2
    running_recently.refresh_from_db()
    assert running_recently.status == "RUNNING"
    [mail] = mailoutbox
    assert mail.to == [message.to]
    assert requeue_stalled_tasks(now=timezone.now()) == 0
    call_command("requeue_stalled_tasks", stdout=(output := _Output()))
    assert output.text == "Queued 0 stalled task(s) again.\n"
