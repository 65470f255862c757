"""The FAQ's ask-a-question form keeps its address and its mails to the office, and
each question also lands in the office's inbox as a general question."""

import pytest

from asks.models import Request
from materials.models import QuestionSubmission
from tests.factories.materials import FaqPageFactory, QuestionFormPageFactory


@pytest.fixture
def question_page(home_page):
    return QuestionFormPageFactory(parent=FaqPageFactory(parent=home_page))


def answers(**overrides):
    return {
        "kysymys": "Miten kotoutumisohjelma hyväksytään?\nToinen rivi",
        "name": "Maija Valmistelija",
        "email": "maija.valmistelija@tampere.fi",
        "municipality": "837",
        **overrides,
    }


def test_a_question_from_the_form_is_a_general_request(client, question_page, outbox):
    client.post(question_page.url, answers())
    submission = QuestionSubmission.objects.get()
    request = Request.objects.get()
    assert (request.kind, request.state) == (Request.Kind.GENERAL, Request.State.NEW)
    assert request.question_submission == submission
    assert request.subject == "Miten kotoutumisohjelma hyväksytään?"
    assert "Toinen rivi" in request.body
    assert request.email == "maija.valmistelija@tampere.fi"
    assert request.municipality.code == "837"
    assert request.events.get().action == "submitted"
    # The asker gets the receipt in the page's language.
    assert outbox.last().to == "maija.valmistelija@tampere.fi"


def test_a_signed_in_askers_question_is_in_my_account(
    client, question_page, member_user
):
    client.force_login(member_user)
    client.post(question_page.url, answers(email=member_user.email))
    request = Request.objects.get()
    assert request.requester == member_user
    assert request.subject in client.get("/fi/network/account/").content.decode()


def test_a_bot_leaves_nothing_in_the_inbox(client, question_page):
    client.post(question_page.url, answers(website="https://roskaa.example"))
    assert not Request.objects.exists()
