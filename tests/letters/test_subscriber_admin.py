"""The subscriber browser in the admin: listing, search and filters with a bounded
number of queries, one subscriber's consent record and deliveries, the staff's actions
(written to the audit log) and the export with formulas neutralised."""

import datetime

from django.core import mail

from wagtail.models import ModelLogEntry

import pytest

from letters import services
from letters.models import Subscription
from portal.models import OutgoingEmail
from tests.factories.letters import (
    MailingListFactory,
    SubscriberFactory,
    SubscriptionFactory,
)
from tests.factories.network import municipality

pytestmark = pytest.mark.django_db

INDEX = "/admin/letters/subscribers/"


@pytest.fixture
def editor(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def people(mailing_list):
    other = MailingListFactory(slug="te24", name_fi="TE24-infokirje")
    aino = SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(
            email="aino.virtanen@example.com",
            name="Aino Virtanen",
            organisation="Tampereen kaupunki",
            municipality=municipality("837"),
        ),
        consent_text="Haluan KOTO24-infokirjeen.",
    )
    bo = SubscriptionFactory(
        mailing_list=other,
        subscriber=SubscriberFactory(
            email="bo.lindqvist@example.com", name="Bo Lindqvist", language="sv"
        ),
        status=Subscription.Status.PENDING,
        confirmed_at=None,
        source=Subscription.Source.IMPORT,
    )
    left = SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(email="lahtenyt@example.com"),
        status=Subscription.Status.UNSUBSCRIBED,
        unsubscribed_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    return {"aino": aino, "bo": bo, "left": left, "other": other}


def emails_in(response) -> set[str]:
    html = response.content.decode()
    return {
        address
        for address in (
            "aino.virtanen@example.com",
            "bo.lindqvist@example.com",
            "lahtenyt@example.com",
            "gone@example.com",
        )
        if address in html
    }


def bounce(address: str, times: int = 1) -> None:
    for _ in range(times):
        OutgoingEmail.objects.create(
            to=address,
            subject="Kirje",
            body_text="…",
            status=OutgoingEmail.Status.FAILED,
            last_error="SMTPRecipientsRefused: {'x': (550, b'5.1.1 No such user')}",
        )


def test_listing_shows_subscribers_with_their_lists(editor, people):
    response = editor.get(INDEX)
    assert response.status_code == 200
    assert emails_in(response) == {
        "aino.virtanen@example.com",
        "bo.lindqvist@example.com",
        "lahtenyt@example.com",
    }
    assert "TE24-infokirje: Odottaa vahvistusta" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=virtanen", {"aino.virtanen@example.com"}),
        ("q=Tampereen", {"aino.virtanen@example.com"}),
        ("q=Tampere", {"aino.virtanen@example.com"}),  # the municipality
        ("state=pending", {"bo.lindqvist@example.com"}),
        ("state=unsubscribed", {"lahtenyt@example.com"}),
        ("source=import", {"bo.lindqvist@example.com"}),
        ("language=sv", {"bo.lindqvist@example.com"}),
    ],
)
def test_search_and_filters(editor, people, query, expected):
    assert emails_in(editor.get(f"{INDEX}?{query}")) == expected


def test_state_and_list_filter_one_subscription_together(editor, people):
    koto = people["aino"].mailing_list_id
    te = people["other"].pk
    assert emails_in(editor.get(f"{INDEX}?mailing_list={koto}&state=confirmed")) == {
        "aino.virtanen@example.com"
    }
    assert emails_in(editor.get(f"{INDEX}?mailing_list={te}&state=confirmed")) == set()
    aino = people["aino"].subscriber
    assert emails_in(editor.get(f"{INDEX}?municipality={aino.municipality_id}")) == {
        "aino.virtanen@example.com"
    }


def test_suppressed_filter_and_marker(editor, people, settings):
    settings.PORTAL_LETTERS_BOUNCE_LIMIT = 2
    bounce("aino.virtanen@example.com", times=2)
    response = editor.get(f"{INDEX}?state=suppressed")
    assert emails_in(response) == {"aino.virtanen@example.com"}
    assert "w-status--label" in response.content.decode()


def test_listing_queries_do_not_grow_with_subscribers(
    editor, mailing_list, django_assert_max_num_queries
):
    for _ in range(120):
        SubscriptionFactory(
            mailing_list=mailing_list,
            subscriber=SubscriberFactory(municipality=municipality("091")),
        )
    editor.get(INDEX)
    with django_assert_max_num_queries(25):
        response = editor.get(INDEX)
    assert response.content.decode().count("tilaaja") >= 50  # a page of 50
    with django_assert_max_num_queries(25):
        assert editor.get(f"{INDEX}?state=confirmed&page=2").status_code == 200


def test_subscriber_page_shows_consent_and_deliveries(
    editor,
    letter,
    people,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    aino = people["aino"].subscriber
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"/admin/letters/{letter.pk}/action/send/")
    url = f"{INDEX}{aino.pk}/"
    editor.get(url)
    with django_assert_max_num_queries(30):
        response = editor.get(url)
    html = response.content.decode()
    assert "Haluan KOTO24-infokirjeen." in html
    assert "Julkinen lomake, vahvistettu sähköpostilla" in html
    assert "Joulukuun infokirje" in html  # the delivery
    assert "15.1.2026" in html  # consent given, Finnish time


def test_staff_unsubscribe_is_logged(editor, people):
    aino = people["aino"]
    response = editor.post(
        f"{INDEX}{aino.subscriber.pk}/unsubscribe/", {"subscription": aino.pk}
    )
    assert response.status_code == 302
    aino.refresh_from_db()
    assert aino.status == Subscription.Status.UNSUBSCRIBED
    assert aino.unsubscribed_at is not None
    entry = ModelLogEntry.objects.get(action=services.ACTION_STAFF_UNSUBSCRIBE)
    assert entry.object_id == str(aino.subscriber.pk)


def test_staff_cannot_unsubscribe_someone_elses_subscription(editor, people):
    response = editor.post(
        f"{INDEX}{people['aino'].subscriber.pk}/unsubscribe/",
        {"subscription": people["bo"].pk},
    )
    # Not found (Django's locale middleware turns the admin's 404 into a redirect).
    assert response.status_code in (302, 404)
    assert response.get("Location", "").endswith("/unsubscribe/") or (
        response.status_code == 404
    )
    people["bo"].refresh_from_db()
    assert people["bo"].status == Subscription.Status.PENDING
    assert not ModelLogEntry.objects.filter(
        action=services.ACTION_STAFF_UNSUBSCRIBE
    ).exists()


def test_lifting_a_suppression_lets_letters_go_again(editor, people, settings):
    settings.PORTAL_LETTERS_BOUNCE_LIMIT = 1
    bounce("aino.virtanen@example.com")
    aino = people["aino"].subscriber
    assert services.is_suppressed(aino)
    page = editor.get(f"{INDEX}{aino.pk}/").content.decode()
    assert "lift_suppression" in page
    editor.post(f"{INDEX}{aino.pk}/lift_suppression/")
    aino.refresh_from_db()
    assert not services.is_suppressed(aino)
    assert ModelLogEntry.objects.filter(
        action=services.ACTION_LIFT_SUPPRESSION, object_id=str(aino.pk)
    ).exists()
    bounce("aino.virtanen@example.com")  # a new permanent failure counts again
    assert services.is_suppressed(aino)


def test_resend_confirmation_to_a_pending_subscriber(
    editor, people, django_capture_on_commit_callbacks
):
    bo = people["bo"].subscriber
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"{INDEX}{bo.pk}/resend_confirmation/")
    (message,) = mail.outbox
    assert message.to == ["bo.lindqvist@example.com"]
    assert "/sv/" in message.body  # in the subscriber's language
    assert ModelLogEntry.objects.filter(
        action=services.ACTION_RESEND_CONFIRMATION
    ).exists()


def test_resend_confirmation_refused_without_pending(editor, people):
    aino = people["aino"].subscriber
    response = editor.post(f"{INDEX}{aino.pk}/resend_confirmation/", follow=True)
    assert not mail.outbox
    assert "ei ole vahvistusta odottavaa" in response.content.decode()


def test_actions_answer_get_with_405(editor, people):
    aino = people["aino"].subscriber
    assert editor.get(f"{INDEX}{aino.pk}/lift_suppression/").status_code == 405


def test_export_neutralises_formulas(editor, mailing_list):
    SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(
            email="kaava@example.com", name='=HYPERLINK("http://x")'
        ),
    )
    text = editor.get(f"{INDEX}?export=csv").content.decode("utf-8-sig")
    assert "kaava@example.com" in text
    assert "'=HYPERLINK" in text
    response = editor.get(f"{INDEX}?export=xlsx")
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_export_follows_the_filters(editor, people):
    text = editor.get(f"{INDEX}?export=csv&state=pending").content.decode("utf-8-sig")
    assert "bo.lindqvist@example.com" in text
    assert "aino.virtanen@example.com" not in text


def test_roles_without_letters_permission_are_refused_every_action(
    client, registration_staff_user, people
):
    client.force_login(registration_staff_user)
    aino = people["aino"]
    for path in ("unsubscribe", "lift_suppression", "resend_confirmation"):
        response = client.post(
            f"{INDEX}{aino.subscriber.pk}/{path}/", {"subscription": aino.pk}
        )
        assert response.status_code == 403
    aino.refresh_from_db()
    assert aino.status == Subscription.Status.CONFIRMED
