"""Whom a letter goes to: confirmed subscribers of its list, narrowed by themes,
language and municipality attributes; counted in a fixed number of queries."""

import pytest

from letters import services
from letters.models import Subscription
from portal.models import OutgoingEmail, Theme
from tests.factories.events import RegistrationFactory
from tests.factories.letters import (
    MailingListFactory,
    SubscriberFactory,
    SubscriptionFactory,
)
from tests.factories.network import municipality

pytestmark = pytest.mark.django_db


def emails(letter) -> set[str]:
    return set(services.audience(letter).values_list("subscriber__email", flat=True))


def on_list(mailing_list, email, **subscriber):
    return SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(email=email, **subscriber),
    )


def test_only_confirmed_subscribers_of_the_list(letter, mailing_list):
    on_list(mailing_list, "yes@example.com")
    SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber__email="pending@example.com",
        status=Subscription.Status.PENDING,
        confirmed_at=None,
    )
    SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber__email="left@example.com",
        status=Subscription.Status.UNSUBSCRIBED,
    )
    on_list(MailingListFactory(), "other@example.com")
    assert emails(letter) == {"yes@example.com"}


def test_themes_reach_those_who_chose_one_of_them_or_none(letter, mailing_list):
    ours, other = Theme.objects.all()[:2]
    letter.themes.set([ours])
    letter.save()
    on_list(mailing_list, "all@example.com")
    on_list(mailing_list, "ours@example.com").subscriber.themes.set([ours])
    on_list(mailing_list, "other@example.com").subscriber.themes.set([other])
    assert emails(letter) == {"all@example.com", "ours@example.com"}


def test_language_narrows(letter, mailing_list):
    on_list(mailing_list, "fi@example.com")
    on_list(mailing_list, "sv@example.com", language="sv")
    letter.only_language = "sv"
    assert emails(letter) == {"sv@example.com"}


def test_municipality_size_region_and_language_narrow(letter, mailing_list):
    on_list(mailing_list, "helsinki@example.com", municipality=municipality("091"))
    on_list(mailing_list, "alajarvi@example.com", municipality=municipality("005"))
    on_list(mailing_list, "pedersore@example.com", municipality=municipality("599"))
    on_list(mailing_list, "unknown@example.com")

    letter.municipality_size_class = "100000-"
    assert emails(letter) == {"helsinki@example.com"}
    letter.municipality_size_class = ""
    letter.municipality_region = "Etelä-Pohjanmaa"
    assert emails(letter) == {"alajarvi@example.com"}
    letter.municipality_region = ""
    letter.municipality_language = "sv-fi"
    assert emails(letter) == {"pedersore@example.com"}


def test_only_municipalities_without_registrations(letter, mailing_list, event):
    on_list(mailing_list, "helsinki@example.com", municipality=municipality("091"))
    on_list(mailing_list, "alajarvi@example.com", municipality=municipality("005"))
    RegistrationFactory(event=event, municipality=municipality("091"))
    letter.only_unregistered_municipalities = True
    assert emails(letter) == {"alajarvi@example.com"}


def test_recipient_count_takes_a_fixed_number_of_queries(
    letter, mailing_list, django_assert_num_queries
):
    for n in range(20):
        on_list(mailing_list, f"p{n}@example.com", municipality=municipality("091"))
    letter.municipality_size_class = "100000-"
    letter.only_unregistered_municipalities = True
    with django_assert_num_queries(2):  # the themes, the count
        assert services.recipient_count(letter) == 20


def refused(to: str, *, times: int, error: str) -> None:
    for _ in range(times):
        OutgoingEmail.objects.create(
            to=to,
            subject="Kirje",
            body_text="…",
            status=OutgoingEmail.Status.FAILED,
            attempts=6,
            last_error=error,
        )


def test_addresses_refused_permanently_are_suppressed(letter, mailing_list, settings):
    settings.PORTAL_LETTERS_BOUNCE_LIMIT = 2
    for email in ("ok@example.com", "gone@example.com", "once@example.com"):
        on_list(mailing_list, email)
    on_list(mailing_list, "busy@example.com")
    refused(
        "gone@example.com",
        times=2,
        error="SMTPRecipientsRefused: {'gone@example.com': (550, b'5.1.1 No such user')}",
    )
    refused("once@example.com", times=1, error="SMTPDataError: (554, b'Rejected')")
    refused("busy@example.com", times=3, error="SMTPServerDisconnected: (421, b'busy')")
    assert emails(letter) == {"ok@example.com", "once@example.com", "busy@example.com"}
    assert list(services.suppressed_addresses()) == [
        {"to": "gone@example.com", "failures": 2}
    ]
