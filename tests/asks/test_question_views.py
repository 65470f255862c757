"""Questions before a Q&A hour on the event page: what each reader sees, the asker's and
voters' POSTs, the published answers in the anonymous page cache, and query budgets."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from asks import services
from asks.models import Question, QuestionVote
from portal import pagecache
from tests.factories.asks import many_questions, register
from tests.factories.events import EventPageFactory, RegistrationFactory, in_days
from tests.factories.network import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrant(qa_event):
    user = make_member(user__first_name="Rea", user__last_name="Rekisteröity").user
    register(user, qa_event)
    return user


@pytest.fixture
def past_qa_event(event_index, member_user, staff_user):
    """A Q&A hour two days ago with two answered questions (one by name) and a hidden
    one, its answers published."""
    event = EventPageFactory(
        parent=event_index,
        title="Mennyt tuumaustunti",
        slug="mennyt-tuumaustunti",
        starts_at=in_days(-2),
    )
    RegistrationFactory(event=event, user=member_user, email=member_user.email)
    before = event.starts_at - datetime.timedelta(days=1)

    def ask(body, shows_name=False):
        return services.ask_question(
            event=event, user=member_user, body=body, shows_name=shows_name, now=before
        )

    named = ask("Nimellä kysytty", shows_name=True)
    anonymous = ask("Nimettömänä kysytty")
    hidden = ask("Asiaton kysymys")
    services.answer_question(question=named, by=staff_user, answer="Vastaus yksi")
    services.answer_question(question=anonymous, by=staff_user, answer="Vastaus kaksi")
    services.hide_question(question=hidden, by=staff_user)
    services.publish_answers(event=event, by=staff_user)
    return event


def text(response) -> str:
    return response.content.decode()


# --- what each reader sees ------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in(client, qa_event, advance_question):
    response = client.get(qa_event.url)
    assert "Ennakkokysymykset" in text(response)
    assert "/accounts/login/?next=" in text(response)
    assert "Kuka hyväksyy palvelulupauksen?" not in text(response)
    assert 'name="body"' not in text(response)


def test_a_registrant_sees_the_form_and_the_questions_with_votes(
    client, qa_event, advance_question, registrant
):
    services.vote_for_question(question=advance_question, user=registrant)
    client.force_login(registrant)
    response = client.get(qa_event.url)
    body = text(response)
    assert f'action="/fi/requests/questions/event/{qa_event.pk}/ask/"' in body
    assert body.count('name="csrfmiddlewaretoken"') >= 2  # the form and the vote
    assert "Kuka hyväksyy palvelulupauksen?" in body
    assert "1 muullakin on sama kysymys" in body
    assert 'name="vote" value="no"' in body
    assert "Ilman nimeä" in body  # the member asked without their name


def test_the_asker_sees_edit_and_withdraw_on_their_own_question(
    client, qa_event, advance_question, member_user
):
    client.force_login(member_user)
    body = text(client.get(qa_event.url))
    assert f"/fi/requests/questions/{advance_question.pk}/edit/" in body
    assert f"/fi/requests/questions/{advance_question.pk}/withdraw/" in body
    assert 'name="vote"' not in body


def test_the_asker_sees_their_hidden_question_marked(
    client, qa_event, advance_question, member_user, registrant, staff_user
):
    services.hide_question(question=advance_question, by=staff_user)
    client.force_login(member_user)
    assert "Muutostuki on piilottanut tämän kysymyksen." in text(
        client.get(qa_event.url)
    )
    client.force_login(registrant)
    assert "Kuka hyväksyy palvelulupauksen?" not in text(client.get(qa_event.url))


def test_a_member_who_has_not_registered_is_told_to_register(
    client, qa_event, advance_question, moderator_user
):
    client.force_login(moderator_user)
    body = text(client.get(qa_event.url))
    assert "Ilmoittaudu tilaisuuteen lähettääksesi omasi." in body
    assert "Kuka hyväksyy palvelulupauksen?" not in body


def test_the_office_sees_the_questions_and_a_link_to_moderate(
    client, qa_event, advance_question, staff_user
):
    client.force_login(staff_user)
    body = text(client.get(qa_event.url))
    assert "Kuka hyväksyy palvelulupauksen?" in body
    assert f"/admin/event-questions/{qa_event.pk}/" in body


def test_an_event_not_taking_questions_has_no_section(client, event_index):
    meeting = EventPageFactory(parent=event_index, event_type="network_meeting")
    assert 'id="questions"' not in text(client.get(meeting.url))


def test_after_the_event_everyone_sees_the_published_answers(client, past_qa_event):
    body = text(client.get(past_qa_event.url))
    assert "Kysymykset ja vastaukset" in body
    assert "Nimellä kysytty" in body
    assert "Vastaus kaksi" in body
    assert "Asiaton kysymys" not in body


def test_published_answers_show_a_name_only_where_the_asker_chose(
    client, past_qa_event, member_user
):
    body = text(client.get(past_qa_event.url))
    assert body.count(member_user.get_full_name()) == 1


def test_unpublished_answers_are_not_shown(client, past_qa_event, staff_user):
    services.unpublish_answers(event=past_qa_event, by=staff_user)
    assert 'id="questions"' not in text(client.get(past_qa_event.url))


def test_the_published_answers_follow_the_page_cache(
    client, settings, past_qa_event, staff_user
):
    settings.PORTAL_PAGE_CACHE = True
    pagecache._local.clear()
    assert "Vastaus kaksi" in text(client.get(past_qa_event.url))
    # An event page (it shows seats) is stored from its second request.
    states = [client.get(past_qa_event.url)["X-Page-Cache"] for _ in range(2)]
    assert states[-1] == "hit", states

    question = Question.objects.get(answer="Vastaus kaksi")
    services.answer_question(question=question, by=staff_user, answer="Korjattu")
    assert "Korjattu" in text(client.get(past_qa_event.url))

    services.unpublish_answers(event=past_qa_event, by=staff_user)
    assert "Korjattu" not in text(client.get(past_qa_event.url))
    pagecache._local.clear()


# --- POSTs --------------------------------------------------------------------------


def test_a_registrant_sends_a_question(client, qa_event, registrant):
    client.force_login(registrant)
    response = client.post(
        f"/fi/requests/questions/event/{qa_event.pk}/ask/",
        {"body": "Miten *kustannukset* jaetaan?", "shows_name": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == qa_event.url + "#questions"
    question = Question.objects.get()
    assert (question.asker, question.shows_name) == (registrant, True)
    assert question.body_html == "<p>Miten <em>kustannukset</em> jaetaan?</p>"
    assert f"/fi/requests/questions/{question.pk}/edit/" in text(
        client.get(qa_event.url)
    )


def test_someone_not_taking_part_cannot_send(client, qa_event, member_user):
    client.force_login(member_user)
    response = client.post(
        f"/fi/requests/questions/event/{qa_event.pk}/ask/", {"body": "K?"}, follow=True
    )
    assert not Question.objects.exists()
    assert "Vain tilaisuuteen ilmoittautuneet" in text(response)


def test_an_empty_question_is_refused(client, qa_event, registrant):
    client.force_login(registrant)
    client.post(f"/fi/requests/questions/event/{qa_event.pk}/ask/", {"body": ""})
    assert not Question.objects.exists()


def test_a_members_only_event_hides_its_questions_from_others(
    client, members_event, signed_in_user
):
    client.force_login(signed_in_user)
    response = client.post(
        f"/fi/requests/questions/event/{members_event.pk}/ask/", {"body": "K?"}
    )
    assert response.status_code == 404


def test_the_next_address_keeps_to_the_site(client, qa_event, registrant):
    client.force_login(registrant)
    response = client.post(
        f"/fi/requests/questions/event/{qa_event.pk}/ask/",
        {"body": "K?", "next": "https://evil.example/"},
    )
    assert response["Location"] == qa_event.url + "#questions"


def test_me_too_and_taking_it_back(client, advance_question, registrant):
    client.force_login(registrant)
    url = f"/fi/requests/questions/{advance_question.pk}/vote/"
    client.post(url, {"vote": "yes"})
    client.post(url, {"vote": "yes"})
    assert QuestionVote.objects.filter(user=registrant).count() == 1
    client.post(url, {"vote": "no"})
    assert not QuestionVote.objects.exists()


def test_the_asker_edits_their_question(client, advance_question, member_user):
    client.force_login(member_user)
    url = f"/fi/requests/questions/{advance_question.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Kuka hyväksyy palvelulupauksen?" in text(page)
    client.post(url, {"body": "Uusi muoto", "shows_name": "on"})
    advance_question.refresh_from_db()
    assert (advance_question.body, advance_question.shows_name) == ("Uusi muoto", True)


def test_nobody_else_edits_or_withdraws(client, advance_question, registrant):
    client.force_login(registrant)
    base = f"/fi/requests/questions/{advance_question.pk}"
    assert client.get(f"{base}/edit/").status_code == 404
    assert client.post(f"{base}/withdraw/").status_code == 404
    assert Question.objects.exists()


def test_the_asker_withdraws(client, advance_question, member_user):
    client.force_login(member_user)
    client.post(f"/fi/requests/questions/{advance_question.pk}/withdraw/")
    assert not Question.objects.exists()


# --- query budgets ---------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "registrant", "staff"])
def test_the_event_page_costs_the_same_with_10_and_200_questions(
    client, qa_event, registrant, staff_user, role
):
    if role == "registrant":
        client.force_login(registrant)
    elif role == "staff":
        client.force_login(staff_user)
    many_questions(qa_event, 10, voter=registrant)
    with_ten = _count(client, qa_event.url)
    many_questions(qa_event, 190, voter=registrant)
    assert _count(client, qa_event.url) == with_ten
    if role == "registrant":
        # The questions with their votes and the registrant's own are one query; the
        # registration is the one the event page read (#22: at most 6 in all).
        assert with_ten <= 6


def test_the_published_answers_cost_the_same_with_10_and_200(
    client, past_qa_event, staff_user
):
    def answered(count):
        for question in many_questions(past_qa_event, count):
            Question.objects.filter(pk=question.pk).update(
                status=Question.Status.ANSWERED, answer="V."
            )

    answered(8)
    with_ten = _count(client, past_qa_event.url)
    answered(190)
    assert _count(client, past_qa_event.url) == with_ten


def test_an_anonymous_event_page_reads_no_question_rows_before_the_event(
    client, qa_event, advance_question
):
    client.get(qa_event.url)
    with CaptureQueriesContext(connection) as context:
        client.get(qa_event.url)
    tables = (Question._meta.db_table, "asks_eventquestionsettings")
    assert not [
        q for q in context.captured_queries if any(t in q["sql"] for t in tables)
    ]


def test_where_members_may_ask_a_member_gets_the_form_and_visitors_are_told(
    client, qa_event, member_user, staff_user
):
    services.change_question_settings(
        event=qa_event, by=staff_user, is_open=True, members_may_ask=True
    )
    assert "verkoston vahvistetut jäsenet" in text(client.get(qa_event.url))
    client.force_login(member_user)
    body = text(client.get(qa_event.url))
    assert f'action="/fi/requests/questions/event/{qa_event.pk}/ask/"' in body


def test_the_swedish_page_shows_the_section_in_swedish(
    client, qa_event, home_pages, event_index
):
    from tests.factories.portal import translate

    swedish_index = translate(event_index, "sv", slug="evenemang")
    response = client.get(f"{swedish_index.url}{qa_event.slug}/")
    assert response.status_code == 200
    assert "Frågor på förhand" in text(response)
