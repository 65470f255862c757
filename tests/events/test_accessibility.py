"""axe-core finds no WCAG 2.1 A/AA violations on the event index and an event page."""

import pytest

from portal.models import HomePage
from tests.browser import axe_violations, browser  # noqa: F401
from tests.factories.events import EventIndexPageFactory, EventPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]


@pytest.fixture
def event_pages():
    index = EventIndexPageFactory(
        parent=HomePage.objects.get(locale__language_code="fi"),
        title="Tapahtumat",
        slug="tapahtumat",
        intro="Infotilaisuudet, tuumaustunnit ja verkostotapaamiset.",
    )
    event = EventPageFactory(
        parent=index,
        title="Koto-digi tuumaustunti",
        intro="Kysy kotoutumisen digipalveluista.",
        capacity=20,
        registration_questions=[
            (
                "long_text",
                {"label": "Kysymyksesi etukäteen", "help_text": "", "required": True},
            ),
            (
                "single_choice",
                {
                    "label": "Roolisi",
                    "help_text": "",
                    "required": False,
                    "choices": ["Kotoutuminen", "Työllisyys"],
                },
            ),
            (
                "checkbox",
                {"label": "Tarvitsen tulkkauksen", "help_text": "", "required": False},
            ),
        ],
    )
    return index, event


def test_event_index_has_no_axe_violations(browser, live_server, event_pages):  # noqa: F811
    index, _event = event_pages

    assert axe_violations(browser, live_server.url + index.url) == []


def test_event_page_with_the_guest_form_has_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    event_pages,
):
    _index, event = event_pages

    assert axe_violations(browser, live_server.url + event.url) == []
