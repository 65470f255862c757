"""The survey pages over HTTP: the form, drafts, sending, errors with their statuses,
closing and extension, invitation links, thanks, published results and the index."""

import datetime

from django.utils import timezone, translation
from django.utils.html import escape

import pytest
from bs4 import BeautifulSoup

from portal.access import Audience
from portal.dates import format_datetime
from surveys import services
from surveys.exceptions import (
    AlreadyAnswered,
    SurveyClosed,
    TooManyAnswers,
    UnknownAction,
)
from surveys.models import SurveyPage, SurveyResponse
from tests.factories.network import municipality
from tests.factories.surveys import (
    SurveyPageFactory,
    SurveySeriesFactory,
    answer_for,
    close,
    contact_persons,
    likert,
    municipality_question,
    scale,
    single_choice,
)
from tests.fixtures_surveys import PUBLISHED_MUNICIPALITIES


def finnish(text) -> str:
    with translation.override("fi"):
        return str(text)


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


def test_form_shows_the_questions_and_the_fixed_municipality(
    member_client, members_survey
):
    response = member_client.get(members_survey.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kuinka riittävät resurssit ovat?" in content
    assert '<option value="091" selected>Helsinki</option>' in content
    assert 'name="q-municipality" required disabled' in content


def test_required_choice_questions_carry_required_and_optional_ones_do_not(
    member_client, survey_index_page
):
    from bs4 import BeautifulSoup

    from tests.factories.surveys import multiple_choice, municipality_question

    survey = SurveyPageFactory(
        parent=survey_index_page,
        questions=[
            municipality_question(),
            likert(required=True),
            single_choice(),
            multiple_choice(required=True),
        ],
    )
    soup = BeautifulSoup(member_client.get(survey.url).content, "html.parser")
    radios = soup.select('input[name="q-resources"]')
    assert radios and all(radio.has_attr("required") for radio in radios)
    assert not any(
        radio.has_attr("required") for radio in soup.select('input[name="q-started"]')
    )
    # Boxes stay free: `required` on each would mean every box must be ticked.
    assert not any(
        box.has_attr("required") for box in soup.select('input[name="q-support"]')
    )
    assert soup.select_one("form.survey-form").has_attr(
        "novalidate"
    )  # drafts still save


def test_sending_saves_and_thanks(member_client, members_survey):
    response = member_client.post(
        members_survey.url, {"action": "submit", "q-resources": "4"}
    )
    assert response.status_code == 302
    assert response["Location"] == members_survey.url + "thanks/"
    saved = SurveyResponse.objects.get()
    assert saved.answers == {"municipality": "091", "resources": "4"}
    thanks = member_client.get(response["Location"]).content.decode()
    assert "Melko riittävät" in thanks


@pytest.mark.parametrize("action", ["delete", "", "submit2", "Submit"])
def test_an_unknown_action_is_refused_and_keeps_the_sent_answer(
    member_client, members_survey, action
):
    member_client.post(members_survey.url, {"action": "submit", "q-resources": "4"})

    response = member_client.post(members_survey.url, {"action": action})

    assert response.status_code == 400
    assert escape(finnish(UnknownAction.message)) in response.content.decode()
    saved = SurveyResponse.objects.get()
    assert saved.is_submitted
    assert saved.answers == {"municipality": "091", "resources": "4"}


def test_an_unknown_action_saves_no_first_answer(member_client, members_survey):
    response = member_client.post(
        members_survey.url, {"action": "remove", "q-resources": "4"}
    )
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one('input[name="q-resources"][value="4"]').has_attr("checked")


def test_missing_required_answer_is_a_bad_request_that_saves_nothing(
    member_client, members_survey
):
    response = member_client.post(members_survey.url, {"action": "submit"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert '<a href="#id_q-resources_0">' in content
    assert not SurveyResponse.objects.exists()


def test_one_bad_answer_saves_none_of_the_good_ones(member_client, survey_index_page):
    survey = SurveyPageFactory(
        parent=survey_index_page,
        questions=[municipality_question(), likert(), contact_persons()],
    )
    response = member_client.post(
        survey.url,
        {
            "action": "draft",
            "q-resources": "4",
            "q-contacts.0.name": "Maija",
            "q-contacts.0.email": "ei-osoite",
        },
    )
    assert response.status_code == 400
    assert 'value="4" id="id_q-resources_1" checked' in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_draft_is_saved_and_filled_in_again(member_client, members_survey):
    response = member_client.post(
        members_survey.url, {"action": "draft", "q-resources": "2"}, follow=True
    )
    assert response.status_code == 200
    assert SurveyResponse.objects.get().status == SurveyResponse.Status.DRAFT
    content = response.content.decode()
    assert 'value="2" required id="id_q-resources_3" checked' in content
    assert 'value="draft"' in content


def test_adding_a_person_row_saves_nothing(member_client, survey_index_page):
    survey = SurveyPageFactory(
        parent=survey_index_page, questions=[municipality_question(), contact_persons()]
    )
    response = member_client.post(
        survey.url,
        {"action": "add:contacts", "rows-contacts": "1", "q-contacts.0.name": "Maija"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="q-contacts.1.name"' in content
    assert 'value="Maija"' in content
    assert not SurveyResponse.objects.exists()


def test_closed_survey_says_so_and_refuses_changes(
    member_client, member_user, members_survey
):
    services.submit_response(
        survey=members_survey,
        respondent=services.Respondent(user=member_user),
        answers={"municipality": "091", "resources": "4"},
    )
    close(members_survey)
    page = member_client.get(members_survey.url)
    assert page.status_code == 200
    assert 'class="survey-form"' not in page.content.decode()
    assert "Melko riittävät" in page.content.decode()
    refused = member_client.post(
        members_survey.url, {"action": "submit", "q-resources": "1"}
    )
    assert refused.status_code == 403
    assert finnish(SurveyClosed.message) in refused.content.decode()
    assert SurveyResponse.objects.get().answers["resources"] == "4"


def test_survey_not_open_yet_shows_when_it_opens(member_client, survey_index_page):
    survey = SurveyPageFactory(
        parent=survey_index_page,
        opens_at=timezone.now() + datetime.timedelta(days=2),
        closes_at=timezone.now() + datetime.timedelta(days=9),
    )
    content = member_client.get(survey.url).content.decode()
    assert 'class="survey-form"' not in content
    assert timezone.localtime(survey.opens_at).strftime("%-d.%-m.%Y") in content


def test_extended_survey_shows_the_original_close(member_client, members_survey):
    original = timezone.localtime(members_survey.closes_at)
    members_survey.closes_at += datetime.timedelta(days=7)
    members_survey.save_revision().publish()
    content = member_client.get(members_survey.url).content.decode()
    assert 'class="badge survey-extended"' in content
    assert format_datetime(original, language="fi") in content


@pytest.fixture
def link_survey(survey_index_page):
    return SurveyPageFactory(
        parent=survey_index_page, slug="linkki", audience=Audience.PUBLIC
    )


def test_anyone_with_the_link_answers_for_a_chosen_municipality(client, link_survey):
    response = client.post(
        link_survey.url,
        {"action": "submit", "q-municipality": "564", "q-resources": "5"},
    )
    assert response.status_code == 302
    assert SurveyResponse.objects.get().municipality == municipality("564")
    again = client.post(
        link_survey.url,
        {"action": "submit", "q-municipality": "564", "q-resources": "1"},
    )
    assert again.status_code == 409
    assert escape(finnish(AlreadyAnswered.message)) in again.content.decode()


def test_answers_without_an_account_are_rate_limited_per_connection(
    client, link_survey, monkeypatch
):
    monkeypatch.setattr(services, "ANONYMOUS_ANSWERS_PER_HOUR", 2)
    codes = ["564", "091", "049"]
    statuses = [
        client.post(
            link_survey.url,
            {"action": "submit", "q-municipality": code, "q-resources": "5"},
        ).status_code
        for code in codes
    ]
    assert statuses == [302, 302, 429]
    assert SurveyResponse.objects.count() == 2
    refused = client.post(
        link_survey.url,
        {"action": "submit", "q-municipality": "092", "q-resources": "5"},
    )
    assert escape(finnish(TooManyAnswers.message)) in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 3600


def test_link_visitor_is_not_offered_a_draft(client, link_survey):
    content = client.get(link_survey.url).content.decode()
    assert 'value="draft"' not in content


def test_invitation_link_ties_the_visitor_to_the_municipality(client, link_survey):
    oulu = municipality("564")
    link = services.invitation_link(page=link_survey, municipality=oulu)
    response = client.get(link.removeprefix("http://testserver"))
    assert response.status_code == 302
    assert response["Location"] == link_survey.url
    content = client.get(link_survey.url).content.decode()
    assert '<option value="564" selected>Oulu</option>' in content
    assert 'value="draft"' in content
    client.post(link_survey.url, {"action": "draft", "q-resources": "3"})
    assert SurveyResponse.objects.get().municipality == oulu


def test_invitation_link_of_another_survey_is_refused(
    client, link_survey, members_survey
):
    token = services.invitation_token(
        survey=members_survey, municipality=municipality("564")
    )
    response = client.get(link_survey.url + "invitation/", {"key": token})
    assert response.status_code == 400


def test_conditional_question_carries_its_condition(member_client, survey_index_page):
    survey = SurveyPageFactory(
        parent=survey_index_page,
        questions=[
            municipality_question(),
            single_choice(identifier="started"),
            likert(show_if_question="started", show_if_value="yes"),
        ],
    )
    content = member_client.get(survey.url).content.decode()
    assert 'data-show-if="started" data-show-if-value="yes"' in content
    assert "data-condition-hint" in content
    assert "surveys/surveys.js" in content


# --- Results for members ---------------------------------------------------------------------


def test_published_results_show_the_headline_and_charts(
    member_client, published_survey
):
    response = member_client.get(published_survey.url + "results/")
    assert response.status_code == 200
    content = response.content.decode()
    with translation.override("fi"):
        headline = translation.ngettext(
            "%(answers)s answer from %(municipalities)s of %(total)s municipalities",
            "%(answers)s answers from %(municipalities)s of %(total)s municipalities",
            5,
        ) % {"answers": 5, "municipalities": 5, "total": 308}
    assert headline in content
    assert '<svg role="img"' in content
    assert "100 %" in content


SWEDISH_SCALE = [
    ("Helt tillräckliga", 5),
    ("Ganska tillräckliga", 4),
    ("Varken tillräckliga eller otillräckliga", 3),
    ("Ganska otillräckliga", 2),
    ("Helt otillräckliga", 1),
]


def pulse_round(parent, series, title, swedish_title, *, days_ago, locale):
    """A closed, published round of the series with five answers and its live Swedish
    translation (Swedish title and scale labels)."""
    survey = SurveyPageFactory(
        parent=parent,
        title=title,
        audience=Audience.PUBLIC,
        series=series,
        results_published=True,
        questions=[municipality_question(), likert()],
    )
    for code in PUBLISHED_MUNICIPALITIES:
        answer_for(survey, municipality(code), {"municipality": code, "resources": "4"})
    close(survey, days_ago=days_ago)
    swedish = survey.copy_for_translation(locale, copy_parents=True)
    swedish.title = swedish_title
    swedish.questions = [
        municipality_question(),
        likert(text="Hur tillräckliga är resurserna?", scale=scale(SWEDISH_SCALE)),
    ]
    swedish.save_revision().publish()
    return SurveyPage.objects.get(pk=swedish.pk)


def test_swedish_results_show_the_trend_with_swedish_rounds_and_labels(
    member_client, survey_index_page, locales
):
    series = SurveySeriesFactory()
    pulse_round(
        survey_index_page,
        series,
        "Pulssi 2025/1",
        "Puls 2025/1",
        days_ago=60,
        locale=locales["sv"],
    )
    swedish = pulse_round(
        survey_index_page,
        series,
        "Pulssi 2025/2",
        "Puls 2025/2",
        days_ago=1,
        locale=locales["sv"],
    )
    response = member_client.get(swedish.url + "results/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    trends = soup.find(id="trends-heading").find_parent("section").get_text()
    assert "Puls 2025/1" in trends
    assert "Puls 2025/2" in trends
    assert "Ganska tillräckliga" in trends
    assert "Pulssi" not in trends
    assert "Melko riittävät" not in trends


def test_results_filters_name_regions_in_the_reader_language(
    member_client, published_survey, locales
):
    swedish = published_survey.copy_for_translation(locales["sv"], copy_parents=True)
    swedish.save_revision().publish()
    swedish = SurveyPage.objects.get(pk=swedish.pk)
    for page, region, county, area in [
        (published_survey, "Uusimaa", "Helsingin kaupunki", "Helsinki"),
        (swedish, "Nyland", "Helsingfors stad", "Helsingfors"),
    ]:
        soup = BeautifulSoup(
            member_client.get(page.url + "results/").content, "html.parser"
        )
        options = {
            name: {
                option["value"]: option.get_text()
                for option in soup.select(f'select[name="{name}"] option')
            }
            for name in ("region", "wellbeing_county", "employment_area")
        }
        assert options["region"]["Uusimaa"] == region
        assert options["wellbeing_county"]["Helsingin kaupunki"] == county
        assert options["employment_area"]["Helsinki"] == area
    assert "Uusimaa" not in soup.select_one('select[name="region"]').get_text()


def test_unpublished_results_are_forbidden_to_members(
    member_client, unpublished_survey
):
    response = member_client.get(unpublished_survey.url + "results/")
    assert response.status_code == 403


def test_index_lists_open_surveys_and_published_results(
    member_client,
    survey_index_page,
    members_survey,
    published_survey,
    unpublished_survey,
):
    content = member_client.get(survey_index_page.url).content.decode()
    assert members_survey.title in content
    assert published_survey.url + "results/" in content
    assert unpublished_survey.title not in content


def test_index_shows_published_results_only_to_members(
    client, signed_in_user, survey_index_page, published_survey
):
    client.force_login(signed_in_user)
    content = client.get(survey_index_page.url).content.decode()
    assert published_survey.url + "results/" not in content


def test_index_hides_members_surveys_from_others(
    client, signed_in_user, survey_index_page, members_survey
):
    client.force_login(signed_in_user)
    content = client.get(survey_index_page.url).content.decode()
    assert members_survey.title not in content


def test_account_page_lists_my_answers(member_client, members_survey):
    member_client.post(members_survey.url, {"action": "draft", "q-resources": "2"})
    content = member_client.get("/fi/network/account/").content.decode()
    assert members_survey.title in content


def test_account_page_names_my_answers_survey_in_the_pages_language(
    member_client, members_survey, locales
):
    member_client.post(members_survey.url, {"action": "draft", "q-resources": "2"})
    swedish = members_survey.copy_for_translation(locales["sv"], copy_parents=True)
    swedish.title = "Medlemsenkät"
    swedish.save_revision().publish()
    swedish = SurveyPage.objects.get(pk=swedish.pk)

    finnish_page = member_client.get("/fi/network/account/").content.decode()
    swedish_page = member_client.get("/sv/network/account/").content.decode()

    assert f'href="{members_survey.url}">{members_survey.title}</a>' in finnish_page
    assert f'href="{swedish.url}">Medlemsenkät</a>' in swedish_page


def test_swedish_translation_serves_the_same_survey(
    client, member_user, members_survey, locales
):
    swedish = members_survey.copy_for_translation(locales["sv"], copy_parents=True)
    swedish.title = "Medlemsenkät"
    swedish.save_revision().publish()
    swedish = SurveyPage.objects.get(pk=swedish.pk)
    client.force_login(member_user)
    response = client.post(swedish.url, {"action": "submit", "q-resources": "4"})
    assert response.status_code == 302
    assert SurveyResponse.objects.get().survey_id == members_survey.pk
    assert client.get(members_survey.url).status_code == 200
