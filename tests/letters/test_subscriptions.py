"""Subscribing on the public form with double opt-in, the private link, one-click
unsubscribing (RFC 8058) and My account."""

import re
import time

from django.core import mail

import pytest

from letters.models import Subscriber, Subscription
from tests.factories.letters import MailingListFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/fi/letters/confirm/[^/\s]+/)", message.body)[
        1
    ]


def subscribe(client, mailing_list, **extra):
    data = {
        "email": "Liisa@Example.com",
        "name": "Liisa Lahti",
        "lists": [mailing_list.pk],
        "language": "fi",
        **extra,
    }
    return client.post("/fi/letters/subscribe/", data)


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = "http://testserver"


def test_subscribe_form_renders_with_the_open_lists(client, mailing_list):
    MailingListFactory(name_fi="Suljettu lista", is_public=False)
    response = client.get("/fi/letters/subscribe/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "KOTO24-infokirje" in html and "Suljettu lista" not in html


def test_subscribing_mails_a_confirmation_and_sends_nothing_else(
    client, mailing_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, mailing_list)
    assert response.status_code == 302
    assert response["Location"] == "/fi/letters/subscribe/sent/"
    (message,) = mail.outbox
    assert message.to == ["liisa@example.com"]
    assert "KOTO24-infokirje" in message.body
    assert message.alternatives and "confirm" in message.alternatives[0][0]
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    assert subscription.source == Subscription.Source.FORM
    assert subscription.consent_text


def test_confirmation_link_asks_on_get_and_confirms_on_post(
    client, mailing_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, mailing_list)
    link = confirm_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.PENDING

    response = client.post(link)
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.confirmed_at is not None
    assert response["Location"] == subscription.subscriber.get_manage_path()


def test_expired_confirmation_link_answers_410(
    client, mailing_list, django_capture_on_commit_callbacks, monkeypatch, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, mailing_list)
    link = confirm_link(mail.outbox[0])
    later = time.time() + (settings.PORTAL_LETTERS_CONFIRM_DAYS + 1) * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(link)
    assert response.status_code == 410
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_forged_confirmation_link_answers_410(client):
    assert client.post("/fi/letters/confirm/not-a-token/").status_code == 410


def test_honeypot_pretends_success_and_stores_nothing(client, mailing_list):
    response = subscribe(client, mailing_list, website="https://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists() and not mail.outbox


def test_subscribing_is_rate_limited(client, mailing_list, settings):
    settings.PORTAL_LETTERS_SUBSCRIBES_PER_HOUR = 2
    for n in range(2):
        assert (
            subscribe(client, mailing_list, email=f"a{n}@example.com").status_code
            == 302
        )
    response = subscribe(client, mailing_list, email="c@example.com")
    assert response.status_code == 429
    assert Subscriber.objects.count() == 2


def test_invalid_form_answers_400(client, mailing_list):
    response = subscribe(client, mailing_list, email="not-an-address")
    assert response.status_code == 400


def test_private_link_changes_lists_themes_and_language(client, mailing_list):
    other = MailingListFactory(name_fi="TE24-infokirje")
    subscription = SubscriptionFactory(mailing_list=mailing_list)
    subscriber = subscription.subscriber
    url = subscriber.get_manage_path()
    assert client.get(url).status_code == 200

    response = client.post(url, {"lists": [other.pk], "language": "sv"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.language == "sv"
    statuses = dict(
        subscriber.subscriptions.values_list("mailing_list__slug", "status")
    )
    assert statuses == {
        mailing_list.slug: Subscription.Status.UNSUBSCRIBED,
        other.slug: Subscription.Status.CONFIRMED,
    }


def test_private_link_of_nobody_is_404(client):
    assert client.get("/fi/letters/manage/nobody/").status_code == 404


def test_one_click_get_asks_and_post_unsubscribes_without_csrf(mailing_list):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    subscription = SubscriptionFactory(mailing_list=mailing_list)
    url = f"/fi/letters/unsubscribe/{subscription.subscriber.token}/{mailing_list.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "KOTO24-infokirje" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED

    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert subscription.unsubscribed_at is not None
    assert client.post(url).status_code == 200  # again: no change, no error


def test_unsubscribe_of_an_unknown_token_is_404(client, mailing_list):
    assert (
        client.get(f"/fi/letters/unsubscribe/x/{mailing_list.pk}/").status_code == 404
    )


def test_resubscribing_after_unsubscribing_needs_confirmation_again(
    client, mailing_list, django_capture_on_commit_callbacks
):
    subscription = SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber__email="liisa@example.com",
        status=Subscription.Status.UNSUBSCRIBED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, mailing_list)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    assert len(mail.outbox) == 1


def test_my_account_shows_the_letters_section(client, member_user, mailing_list):
    client.force_login(member_user)
    html = client.get("/fi/network/account/").content.decode()
    assert 'id="letters-heading"' in html and "KOTO24-infokirje" in html


def test_member_subscribes_in_my_account_with_consent_record(
    client, member_user, mailing_list
):
    client.force_login(member_user)
    response = client.post(
        "/fi/letters/account/", {"lists": [mailing_list.pk], "language": "sv"}
    )
    assert response["Location"] == "/fi/network/account/"
    subscription = Subscription.objects.select_related("subscriber").get()
    assert subscription.subscriber.user == member_user
    assert subscription.subscriber.municipality == member_user.profile.municipality
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.source == Subscription.Source.ACCOUNT
    assert subscription.confirmed_at is not None
    html = client.get("/fi/network/account/").content.decode()
    assert "checked" in html.split('id="letters-heading"')[1]


def test_my_account_ticks_my_lists_and_themes_and_offers_my_closed_lists(
    client, member_user, mailing_list
):
    """Open lists and closed ones with a subscription of mine (in any state) are
    offered; the confirmed ones and my themes are ticked, in the active language."""
    from bs4 import BeautifulSoup

    from portal.models import Theme

    closed = MailingListFactory(slug="suljettu", name_fi="Suljettu", is_public=False)
    left = MailingListFactory(slug="lahdetty", name_fi="Lähdetty", is_public=False)
    MailingListFactory(slug="muiden", name_fi="Muiden suljettu", is_public=False)
    subscription = SubscriptionFactory(
        mailing_list=closed, subscriber__user=member_user, subscriber__language="sv"
    )
    SubscriptionFactory(
        mailing_list=left,
        subscriber=subscription.subscriber,
        status=Subscription.Status.UNSUBSCRIBED,
    )
    theme = Theme.objects.order_by("pk").first()
    subscription.subscriber.themes.add(theme)
    client.force_login(member_user)

    html = client.get("/sv/network/account/").content.decode()
    section = BeautifulSoup(html, "html.parser").select_one("#letters")

    offered = {
        box["value"]: box.has_attr("checked")
        for box in section.select('input[name="lists"]')
    }
    assert offered == {
        str(mailing_list.pk): False,
        str(closed.pk): True,
        str(left.pk): False,
    }
    assert section.find(string=lambda text: text and "KOTO24-infobrev" in text)
    themes = {
        box["value"]: box.has_attr("checked")
        for box in section.select('input[name="themes"]')
    }
    assert len(themes) == Theme.objects.count()
    assert [value for value, ticked in themes.items() if ticked] == [str(theme.pk)]
    assert section.find(string=lambda text: text and theme.name_sv in text)
    language = section.select_one('select[name="language"] option[selected]')
    assert language["value"] == "sv"


def test_a_renamed_theme_shows_at_once_in_the_letters_form(client, member_user):
    from portal.models import Theme

    client.force_login(member_user)
    theme = Theme.objects.order_by("pk").first()
    client.get("/fi/network/account/")  # the theme choices are cached
    theme.name_fi = "Uusi teeman nimi"
    theme.save()

    html = client.get("/fi/network/account/").content.decode()

    assert "Uusi teeman nimi" in html.split('id="letters-heading"')[1]


def test_my_account_section_has_a_bounded_query_count(
    client, member_user, mailing_list, django_assert_max_num_queries
):
    SubscriptionFactory(mailing_list=mailing_list, subscriber__user=member_user)
    MailingListFactory.create_batch(3)
    client.force_login(member_user)
    client.get("/fi/network/account/")
    with django_assert_max_num_queries(30):
        assert client.get("/fi/network/account/").status_code == 200


def test_private_link_page_has_a_bounded_query_count(
    client, mailing_list, django_assert_max_num_queries
):
    subscription = SubscriptionFactory(mailing_list=mailing_list)
    for item in MailingListFactory.create_batch(3):
        SubscriptionFactory(subscriber=subscription.subscriber, mailing_list=item)
    with django_assert_max_num_queries(14):
        assert client.get(subscription.subscriber.get_manage_path()).status_code == 200
