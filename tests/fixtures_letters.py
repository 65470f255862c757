"""Letters for the access matrix: a sent members-only letter, an unsent one, and a
subscription with its private links."""

import datetime

import pytest

from letters.models import LetterPage
from portal.access import Audience
from tests.factories.letters import (
    LetterIndexPageFactory,
    LetterPageFactory,
    MailingListFactory,
    SubscriptionFactory,
)

SENT_AT = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def letter_archive(home_page):
    return LetterIndexPageFactory(parent=home_page, slug="kirjearkisto")


@pytest.fixture
def matrix_mailing_list(db):
    return MailingListFactory(slug="matriisi")


@pytest.fixture
def members_letter(letter_archive, matrix_mailing_list):
    """Sent, readable by members only."""
    page = LetterPageFactory(
        parent=letter_archive,
        slug="jasenkirje",
        mailing_list=matrix_mailing_list,
        audience=Audience.MEMBERS,
    )
    LetterPage.objects.filter(pk=page.pk).update(
        send_status=LetterPage.SendStatus.SENT, sent_at=SENT_AT
    )
    page.refresh_from_db()
    return page


@pytest.fixture
def unsent_letter(letter_archive, matrix_mailing_list):
    return LetterPageFactory(
        parent=letter_archive, slug="luonnoskirje", mailing_list=matrix_mailing_list
    )


@pytest.fixture
def letter_subscription(matrix_mailing_list):
    return SubscriptionFactory(mailing_list=matrix_mailing_list)
