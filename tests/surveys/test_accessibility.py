"""axe-core finds no WCAG 2.1 A/AA violations on the survey form (every question type,
also with errors) and on the results page with its charts and tables."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.access import Audience
from portal.models import HomePage
from surveys import services
from tests.browser import (  # noqa: F401
    WCAG_TAGS,
    axe_violations,
    browser,
    session_cookie_for,
)
from tests.factories.network import make_member, municipality
from tests.factories.portal import UserFactory
from tests.factories.surveys import (
    SurveyPageFactory,
    block,
    close,
    contact_persons,
    likert,
    matrix,
    multiple_choice,
    municipality_question,
    number,
    section,
    single_choice,
    survey_index,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]

ALL_TYPES = [
    section("Taustatiedot", "Kunnan perustiedot."),
    municipality_question(),
    single_choice(identifier="started", required=True),
    likert(required=True, show_if_question="started", show_if_value="yes"),
    matrix(),
    multiple_choice(),
    number(help_text="Arvio riittää."),
    block("date", "decided", "Milloin ohjelma hyväksyttiin?"),
    block("short_text", "unit", "Vastuuyksikkö"),
    block("long_text", "wishes", "Toiveet"),
    contact_persons(),
]


@pytest.fixture
def member():
    return make_member(user=UserFactory(email="saavutettavuus@hel.fi")).user


@pytest.fixture
def index():
    return survey_index(HomePage.objects.get(locale__language_code="fi"))


def test_survey_form_has_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    client,
    member,
    index,
):
    survey = SurveyPageFactory(parent=index, questions=ALL_TYPES)
    cookies = session_cookie_for(client, member, live_server.url)
    assert axe_violations(browser, live_server.url + survey.url, cookies=cookies) == []


def test_survey_form_with_errors_has_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    client,
    member,
    index,
):
    survey = SurveyPageFactory(parent=index, questions=ALL_TYPES)
    cookies = session_cookie_for(client, member, live_server.url)
    context = browser.new_context()
    context.add_cookies(cookies)
    page = context.new_page()
    try:
        page.goto(live_server.url + survey.url)
        page.fill("#id_q-staff", "paljon")
        page.fill("#id_q-contacts\\.0\\.title", "Johtaja")
        page.click("button[value=submit]")
        assert page.locator(".error-summary").count() == 1
        found = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        assert [v["id"] for v in found.response["violations"]] == []
    finally:
        context.close()


def test_results_page_has_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    client,
    member,
    index,
):
    survey = SurveyPageFactory(
        parent=index,
        audience=Audience.PUBLIC,
        results_published=True,
        questions=ALL_TYPES,
    )
    for code, value in [
        ("091", "5"),
        ("049", "4"),
        ("092", "2"),
        ("837", "cant_say"),
        ("853", "3"),
    ]:
        services.submit_response(
            survey=survey,
            respondent=services.Respondent(invited_municipality=municipality(code)),
            answers={
                "started": "yes",
                "resources": value,
                "cooperation": {"division": value, "roles": "4"},
                "support": {"choices": ["training"], "other": ""},
            },
        )
    close(survey)
    cookies = session_cookie_for(client, member, live_server.url)
    url = live_server.url + survey.url + "results/"
    assert axe_violations(browser, url, cookies=cookies) == []
