"""Sending a letter: one mail per recipient in their language, with the list headers,
a text and an inlined HTML part; once only, resumable, and progress."""

import datetime
from email import message_from_bytes

from django.core import mail

import pytest

from letters import services
from letters.exceptions import LetterAlreadySentError, LetterNotPublishedError
from letters.models import Delivery, LetterPage
from letters.tasks import queue_letter
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)


def send(letter, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_letter(letter=letter, by=editor, now=NOW)
    letter.refresh_from_db()
    return letter


def unfold(header: str) -> str:
    return " ".join(header.split())


def sent_to(address: str):
    return next(m for m in mail.outbox if m.to == [address])


def test_send_queues_one_mail_per_recipient_in_their_language(
    letter, letter_sv, subscribers, editor_user, django_capture_on_commit_callbacks
):
    letter = send(letter, editor_user, django_capture_on_commit_callbacks)

    assert letter.send_status == LetterPage.SendStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == [
        "aino@example.com",
        "bo@example.com",
        "cara@example.com",
    ]
    assert sent_to("aino@example.com").subject == "Joulukuun infokirje"
    assert sent_to("bo@example.com").subject == "Decemberbrevet"
    # No English translation: Finnish.
    assert sent_to("cara@example.com").subject == "Joulukuun infokirje"
    assert Delivery.objects.filter(letter=letter).count() == 3


def test_letter_mail_has_list_headers_and_both_parts(
    letter, subscribers, editor_user, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://muutostuki.example"
    send(letter, editor_user, django_capture_on_commit_callbacks)
    message = message_from_bytes(sent_to("aino@example.com").message().as_bytes())
    subscription = subscribers["fi"]
    one_click = (
        "https://muutostuki.example/fi/letters/unsubscribe/"
        f"{subscription.subscriber.token}/{subscription.mailing_list_id}/"
    )

    assert unfold(message["List-Unsubscribe"]) == (
        f"<{one_click}>, <mailto:muutostuki@muutostuki.example?subject=unsubscribe>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"] == "KOTO24-infokirje <koto24.letters.muutostuki.fi>"
    assert message["Auto-Submitted"] == "auto-generated"
    parts = {part.get_content_type(): part for part in message.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    assert one_click in text and one_click in html
    assert "Kotoutumisohjelman tuumaustunti" in text
    assert "https://muutostuki.example/fi/" in text  # the rich text's page link
    assert "https://example.org/ilmoittaudu" in html
    # Outlook-safe: tables and inline styles, no style sheet, no images.
    assert "<table" in html and 'style="' in html
    assert "<style" not in html and "<img" not in html
    assert 'href="https://muutostuki.example/fi/' in html
    assert 'href="/' not in html


def test_upcoming_events_block_is_filled_when_sending(
    letter, subscribers, event, editor_user, django_capture_on_commit_callbacks
):
    send(letter, editor_user, django_capture_on_commit_callbacks)
    rendering = letter.renderings.get(language="fi")
    (event_ids,) = rendering.upcoming_event_ids.values()
    assert event_ids == [event.pk]


def test_a_letter_is_sent_once(
    letter, subscribers, editor_user, django_capture_on_commit_callbacks
):
    send(letter, editor_user, django_capture_on_commit_callbacks)
    with pytest.raises(LetterAlreadySentError):
        services.send_letter(letter=letter, by=editor_user, now=NOW)
    assert len(mail.outbox) == 3


def test_an_unpublished_letter_is_not_sent(letter, subscribers, editor_user):
    letter.unpublish()
    with pytest.raises(LetterNotPublishedError):
        services.send_letter(letter=letter, by=editor_user, now=NOW)
    assert not OutgoingEmail.objects.exists()


def test_queueing_again_after_a_crash_sends_no_second_copy(
    letter, subscribers, editor_user, django_capture_on_commit_callbacks, mailing_list
):
    send(letter, editor_user, django_capture_on_commit_callbacks)
    # The worker died before marking the letter sent; a later subscriber joined.
    LetterPage.objects.filter(pk=letter.pk).update(
        send_status=LetterPage.SendStatus.SENDING
    )
    from tests.factories.letters import SubscriptionFactory

    SubscriptionFactory(mailing_list=mailing_list)
    with django_capture_on_commit_callbacks(execute=True):
        queue_letter.enqueue(letter.pk)
    assert Delivery.objects.filter(letter=letter).count() == 4
    assert len(mail.outbox) == 4
    assert len({m.to[0] for m in mail.outbox}) == 4


def test_queueing_in_small_chunks_reaches_everyone_once(
    letter, subscribers, editor_user, mailing_list
):
    from tests.factories.letters import SubscriptionFactory

    SubscriptionFactory.create_batch(4, mailing_list=mailing_list)
    services.freeze_renderings(letter, now=NOW)
    LetterPage.objects.filter(pk=letter.pk).update(
        send_status=LetterPage.SendStatus.SENDING
    )
    assert services.queue_deliveries(letter=letter, now=NOW, chunk_size=2) == 7
    assert services.queue_deliveries(letter=letter, now=NOW, chunk_size=2) == 0
    assert OutgoingEmail.objects.filter(kind="letters").count() == 7


def test_throttle_spreads_mails_over_minutes(settings):
    settings.PORTAL_LETTERS_PER_MINUTE = 100
    assert services.throttle_moment(start=NOW, position=99) == NOW
    assert services.throttle_moment(
        start=NOW, position=100
    ) == NOW + datetime.timedelta(minutes=1)


def test_progress_counts_sent_failed_and_resend_tries_again(
    letter, subscribers, editor_user, django_capture_on_commit_callbacks
):
    send(letter, editor_user, django_capture_on_commit_callbacks)
    failed = Delivery.objects.filter(letter=letter).first().outgoing_email
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=6, sent_at=None
    )
    services.unsubscribe(
        subscription=subscribers["sv"], now=NOW + datetime.timedelta(hours=1)
    )

    progress = services.progress(letter)
    assert progress == {
        "recipients": 3,
        "queued": 0,
        "sent": 2,
        "failed": 1,
        "unsubscribed": 1,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resend_failed(letter=letter, by=editor_user, now=NOW) == 1
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 4


def test_send_test_goes_to_the_editor_marked_as_test(
    letter, letter_sv, editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test(letter=letter_sv, user=editor_user, now=NOW)
    (message,) = mail.outbox
    assert message.to == [editor_user.email]
    assert message.subject == "[Test] Decemberbrevet" or message.subject.endswith(
        "Decemberbrevet"
    )
    assert not Delivery.objects.exists()


def test_scheduled_letter_is_sent_when_its_time_comes(
    letter, subscribers, editor_user, django_capture_on_commit_callbacks
):
    at = NOW + datetime.timedelta(hours=2)
    services.schedule_letter(letter=letter, at=at, by=editor_user, now=NOW)
    assert services.send_scheduled_letters(now=NOW) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_scheduled_letters(now=at) == 1
    assert len(mail.outbox) == 3


def test_sending_marks_every_translation_sent(
    letter, letter_sv, subscribers, editor_user, django_capture_on_commit_callbacks
):
    send(letter, editor_user, django_capture_on_commit_callbacks)
    letter_sv.refresh_from_db()
    assert letter_sv.is_frozen and letter_sv.sent_at == NOW
