"""Closed and withdrawn requests go `PORTAL_RETENTION_REQUEST_MONTHS` after closing,
with their thread, notes, log and mails; a FAQ entry made of one stays, and the
privacy statement states the period."""

import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest

from asks import services
from asks.models import Request, RequestEvent, RequestMessage, RequestNote
from portal import retention
from portal.demo import loader as demo
from portal.models import OutgoingEmail, StatementPage
from tests.factories.asks import RequestFactory
from tests.factories.materials import FaqPageFactory

pytestmark = pytest.mark.django_db


def months_ago(months: int, *, days: int = 0) -> datetime.datetime:
    return retention.months_before(timezone.now(), months) - datetime.timedelta(
        days=days
    )


def closed_request(*, closed_at, by, **fields) -> Request:
    request = RequestFactory(**fields)
    services.answer_request(request=request, by=by, body="Vastaus", now=closed_at)
    services.add_note(request=request, by=by, body="Huomio", now=closed_at)
    return services.close_request(request=request, by=by, now=closed_at)


def test_closed_requests_older_than_the_period_go_with_thread_notes_log_and_mails(
    settings, staff_user, home_page
):
    settings.PORTAL_RETENTION_REQUEST_MONTHS = 24
    faq = FaqPageFactory(parent=home_page)
    old = closed_request(
        closed_at=months_ago(24, days=1), by=staff_user, may_publish=True
    )
    services.draft_faq_entry(
        request=old, by=staff_user, faq_page=faq, question="Vanha K?", answer="V."
    )
    recent = closed_request(closed_at=months_ago(23), by=staff_user)
    still_open = RequestFactory()
    Request.objects.filter(pk=still_open.pk).update(created_at=months_ago(30))
    assert OutgoingEmail.objects.filter(to=old.email).exists()

    assert services.expired_requests(now=timezone.now()).count() == 1
    call_command("purge_expired_data")

    assert set(Request.objects.all()) == {recent, still_open}
    for model in (RequestMessage, RequestNote, RequestEvent):
        assert not model.objects.filter(request_id=old.pk).exists()
    assert not OutgoingEmail.objects.filter(to=old.email).exists()
    assert OutgoingEmail.objects.filter(to=recent.email).exists()
    draft = faq.get_latest_revision_as_object()
    assert "Vanha K?" in str(draft.sections.get_prep_value())


def test_a_withdrawn_request_goes_but_the_same_persons_newer_request_keeps_its_mails(
    settings, staff_user
):
    settings.PORTAL_RETENTION_REQUEST_MONTHS = 12
    old = RequestFactory(email="sama@example.org")
    services.withdraw_request(request=old, by=None, now=months_ago(13))
    OutgoingEmail.objects.filter(to="sama@example.org").update(
        created_at=months_ago(13)
    )
    newer = RequestFactory(email="sama@example.org")
    services.answer_request(request=newer, by=staff_user, body="Uusi vastaus")

    assert services.purge_expired_requests(now=timezone.now()) == 1
    assert list(Request.objects.all()) == [newer]
    mails = OutgoingEmail.objects.filter(to="sama@example.org")
    assert not mails.filter(created_at__lt=newer.created_at).exists()
    assert mails.filter(created_at__gte=newer.created_at).exists()


def test_purging_twice_removes_nothing_more(staff_user):
    closed_request(closed_at=months_ago(25), by=staff_user)
    assert services.purge_expired_requests(now=timezone.now()) == 1
    assert services.purge_expired_requests(now=timezone.now()) == 0


def test_the_privacy_statement_states_the_requests_period(client, settings):
    settings.PORTAL_RETENTION_REQUEST_MONTHS = 30
    demo.seed(log=lambda line: None)
    expected = {
        "fi": "sähköposteineen 30 kuukauden kuluttua pyynnön",
        "sv": "e-postmeddelandena om dem 30 månader efter",
        "en": "the e-mails about them 30 months after the request",
    }
    for language, phrase in expected.items():
        page = StatementPage.objects.get(
            kind=StatementPage.Kind.PRIVACY, locale__language_code=language
        )
        html = " ".join(client.get(page.url).content.decode().split())
        assert phrase in html, language
