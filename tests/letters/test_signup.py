"""Signing up for the network offers the info letters, unticked; ticked lists start
when the account's address is confirmed."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction

import pytest

from letters.models import Subscription

pytestmark = pytest.mark.django_db

PASSWORD = "Kotoutuminen-2025!"


@pytest.fixture
def send_on_commit(monkeypatch):
    monkeypatch.setattr(
        transaction, "on_commit", lambda func, using=None, robust=False: func()
    )


def test_sign_up_offers_the_open_lists_unticked(client, mailing_list):
    html = client.get("/fi/accounts/signup/").content.decode()
    assert "KOTO24-infokirje" in html
    field = re.search(r'<input[^>]*name="letters"[^>]*>', html)[0]
    assert "checked" not in field


def test_ticked_list_is_pending_until_the_address_is_confirmed(
    client, mailing_list, mailoutbox, send_on_commit, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"
    client.post(
        "/fi/accounts/signup/",
        {
            "first_name": "Aino",
            "last_name": "Virtanen",
            "email": "aino.virtanen@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "letters": [mailing_list.pk],
        },
    )
    user = get_user_model().objects.get(email="aino.virtanen@example.com")
    subscription = Subscription.objects.select_related("subscriber").get()
    assert subscription.subscriber.user == user
    assert subscription.source == Subscription.Source.SIGNUP
    assert subscription.status == Subscription.Status.PENDING
    assert len(mailoutbox) == 1  # only the account's confirmation

    confirm = re.search(r"http://testserver(/\S+/)", mailoutbox[0].body)[1]
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.confirmed_at is not None


def test_sign_up_without_ticking_subscribes_to_nothing(
    client, mailing_list, send_on_commit
):
    client.post(
        "/fi/accounts/signup/",
        {
            "first_name": "Bo",
            "last_name": "Berg",
            "email": "bo.berg@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert get_user_model().objects.filter(email="bo.berg@example.com").exists()
    assert not Subscription.objects.exists()
