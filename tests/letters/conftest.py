"""An archive with one letter in Finnish and Swedish that pulls an event, a material and
news from the portal; a list with subscribers in both languages."""

import json

import pytest

from letters.models import LetterPage
from tests.factories.events import EventIndexPageFactory, EventPageFactory, in_days
from tests.factories.letters import (
    LetterIndexPageFactory,
    LetterPageFactory,
    MailingListFactory,
    SubscriberFactory,
    SubscriptionFactory,
)
from tests.factories.materials import NewsIndexPageFactory, NewsPageFactory


def letter_body(*, event, news, home) -> str:
    return json.dumps(
        [
            {
                "type": "paragraph",
                "value": f'<p>Tervetuloa! Lue <a linktype="page" id="{home.pk}">etusivu</a>.</p>',
            },
            {
                "type": "call_to_action",
                "value": {
                    "text": "Ilmoittaudu mukaan",
                    "link_text": "Tapahtumat",
                    "page": None,
                    "link": "",
                    "url": "https://example.org/ilmoittaudu",
                },
            },
            {"type": "events", "value": {"heading": "Valitut", "events": [event.pk]}},
            {"type": "upcoming_events", "value": {"heading": "Tulossa", "count": 3}},
            {"type": "news", "value": {"heading": "Uutiset", "pages": [news.pk]}},
        ]
    )


@pytest.fixture
def mailing_list(db):
    return MailingListFactory(
        slug="koto24", name_fi="KOTO24-infokirje", name_sv="KOTO24-infobrev"
    )


@pytest.fixture
def archive(home_page):
    return LetterIndexPageFactory(parent=home_page, slug="infokirjeet")


@pytest.fixture
def event(home_page):
    index = EventIndexPageFactory(parent=home_page)
    return EventPageFactory(
        parent=index, title="Kotoutumisohjelman tuumaustunti", starts_at=in_days(10)
    )


@pytest.fixture
def news(home_page):
    return NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page), title="Laki voimaan"
    )


@pytest.fixture
def letter(archive, mailing_list, event, news, home_page) -> LetterPage:
    return LetterPageFactory(
        parent=archive,
        title="Joulukuun infokirje",
        slug="joulukuu",
        mailing_list=mailing_list,
        body=letter_body(event=event, news=news, home=home_page),
    )


@pytest.fixture
def letter_sv(letter, locales) -> LetterPage:
    page = letter.copy_for_translation(locales["sv"], copy_parents=True, alias=False)
    page.title = "Decemberbrevet"
    page.slug = "december"
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def subscribers(mailing_list):
    finnish = SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(email="aino@example.com"),
    )
    swedish = SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(email="bo@example.com", language="sv"),
    )
    english = SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(email="cara@example.com", language="en"),
    )
    return {"fi": finnish, "sv": swedish, "en": english}
