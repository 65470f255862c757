"""Accounts whose address was never confirmed are deleted after the confirmation period."""

import datetime

from django.utils import timezone

import pytest

from network import services
from network.models import MemberProfile
from portal.emails import queue_email
from portal.models import OutgoingEmail, User
from tests.factories.network import add_email, make_pending
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def signed_up(email: str, *, days_ago: float, verified: bool = False, **fields) -> User:
    user = UserFactory(
        email=email,
        date_joined=NOW - datetime.timedelta(days=days_ago),
        verified_email=False,
        **fields,
    )
    add_email(user, email, verified=verified, primary=True)
    return user


def test_an_account_never_confirmed_goes_after_the_period_with_its_data(settings):
    settings.PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS = 7
    unconfirmed = signed_up("unohtunut@example.com", days_ago=7.01)
    make_pending(user=unconfirmed)
    queue_email(to=unconfirmed.email, subject="Vahvista osoitteesi", text="Linkki")
    queue_email(to="joku.muu@example.com", subject="Tervetuloa", text="Hei")
    still_waiting = signed_up("tuore@example.com", days_ago=6.99)
    confirmed = signed_up("vahvistettu@example.com", days_ago=30, verified=True)
    signed_in = signed_up(
        "kirjautunut@example.com", days_ago=30, last_login=NOW - datetime.timedelta(1)
    )
    staff = signed_up("toimisto@example.com", days_ago=30, is_staff=True)
    by_staff = UserFactory(  # no address row, as when staff add someone
        email="lisatty@example.com",
        date_joined=NOW - datetime.timedelta(days=30),
        verified_email=False,
    )
    second_address = signed_up("toinen@example.com", days_ago=30, verified=True)
    add_email(second_address, "uusi@example.com", verified=False)

    assert list(services.unconfirmed_accounts(now=NOW)) == [unconfirmed]
    assert services.delete_unconfirmed_accounts(now=NOW) == 1

    assert set(User.objects.all()) == {
        still_waiting,
        confirmed,
        signed_in,
        staff,
        by_staff,
        second_address,
    }
    assert not MemberProfile.objects.filter(user_id=unconfirmed.pk).exists()
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "joku.muu@example.com"
    ]
    assert services.delete_unconfirmed_accounts(now=NOW) == 0


def test_the_period_cannot_be_shorter_than_a_confirmation_link_lives(tmp_path):
    from tests.portal.test_settings import run_python

    result = run_python(
        "from django.conf import settings; settings.INSTALLED_APPS",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS="2",
        PORTAL_DATA_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "must be at least the 3 days a confirmation link is valid" in result.stderr
