"""Subscriptions and their consent in the own-data download; account erasure removes
them."""

import json

import pytest

from letters.models import Delivery, Subscriber, Subscription
from network.services import delete_account
from tests.factories.letters import SubscriberFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_own_data_download_lists_subscriptions_with_consent(
    client, member_user, mailing_list
):
    SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(email=member_user.email, user=member_user),
        source=Subscription.Source.ACCOUNT,
        consent_text="Haluan kirjeet.",
    )
    client.force_login(member_user)
    response = client.get("/fi/network/account/my-data.json")
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    (entry,) = data["data"]["letter_subscriptions"]
    assert entry["list"] == "KOTO24-infokirje"
    assert entry["consent_source"] == "account"
    assert entry["consent_text"] == "Haluan kirjeet."
    assert entry["confirmed_at"].startswith("2026-01-15")


def test_account_erasure_removes_the_subscriber_and_keeps_delivery_counts(
    member_user, mailing_list, letter
):
    subscription = SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(email=member_user.email.upper(), user=None),
    )
    Delivery.objects.create(letter=letter, subscription=subscription, language="fi")
    delete_account(user=member_user)
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert Delivery.objects.get().subscription is None
