"""The "ask a question" form: stored for staff, mailed through the queue, guarded."""

import pytest
from bs4 import BeautifulSoup

from materials import services
from materials.models import QuestionSubmission
from portal.models import OutgoingEmail
from tests.factories.portal import translate

pytestmark = pytest.mark.django_db


def answers(**changes) -> dict[str, str]:
    return {
        "kysymys": "Miten kotoutumisohjelma hyväksytään?",
        "name": "Maija Valmistelija",
        "email": "maija.valmistelija@tampere.fi",
        "phone": "+358 40 123 4567",
        "organisation": "Tampereen kaupunki",
        "municipality": "837",
        "website": "",
        **changes,
    }


def test_question_is_stored_and_the_office_is_notified(
    client, question_page, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(question_page.url, answers())
    assert response.status_code == 200
    assert "Kiitos kysymyksestä!" in response.content.decode()

    submission = QuestionSubmission.objects.get()
    assert submission.page_id == question_page.pk
    assert submission.email == "maija.valmistelija@tampere.fi"
    assert submission.user is None
    assert submission.form_data["municipality"] == "Tampere (837)"
    assert submission.form_data["kysymys"] == "Miten kotoutumisohjelma hyväksytään?"
    assert "website" not in submission.form_data

    emails = OutgoingEmail.objects.filter(kind="materials").order_by("to")
    assert [email.to for email in emails] == [
        "kysymykset@muutostuki.example",
        "neuvonta@muutostuki.example",
    ]
    # The question is also in the office's inbox of requests, and the asker gets its
    # receipt from there (tests/asks/test_question_form.py).
    receipt = OutgoingEmail.objects.get(kind="requests")
    assert receipt.to == "maija.valmistelija@tampere.fi"
    mailoutbox = [mail for mail in mailoutbox if mail.to != [receipt.to]]
    assert [mail.to for mail in mailoutbox] == [
        ["kysymykset@muutostuki.example"],
        ["neuvonta@muutostuki.example"],
    ]
    body = mailoutbox[0].body
    assert "maija.valmistelija@tampere.fi" in body
    assert "Tampere (837)" in body
    assert "Miten kotoutumisohjelma hyväksytään?" in body
    assert f"/admin/forms/submissions/{question_page.pk}/" in body
    assert question_page.title in mailoutbox[0].subject
    # The expert answers the asker directly.
    assert mailoutbox[0].reply_to == ["maija.valmistelija@tampere.fi"]
    assert mailoutbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_pages_own_subject_is_used(client, question_page, mailoutbox):
    question_page.subject = "Uusi kysymys muutostuelle"
    question_page.save()
    client.post(question_page.url, answers())
    assert OutgoingEmail.objects.first().subject == "Uusi kysymys muutostuelle"


def test_signed_in_askers_details_are_filled_in_and_linked(
    client, question_page, member_user
):
    client.force_login(member_user)
    soup = BeautifulSoup(client.get(question_page.url).content, "html.parser")
    assert soup.select_one('input[name="email"]')["value"] == member_user.email
    assert (
        soup.select_one('select[name="municipality"] option[selected]')["value"]
        == "091"
    )
    client.post(question_page.url, answers(email=member_user.email))
    assert QuestionSubmission.objects.get().user == member_user


def test_invalid_question_shows_errors_and_stores_nothing(client, question_page):
    response = client.post(question_page.url, answers(email="ei-osoite", kysymys=""))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    links = soup.select(".error-summary a")
    assert [link["href"] for link in links] == ["#id_kysymys", "#id_email"]
    assert soup.select_one('input[name="email"]')["aria-invalid"] == "true"
    assert soup.title.get_text().startswith("Virhe: ")
    assert not QuestionSubmission.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_filled_trap_field_is_treated_as_a_bot(client, question_page):
    response = client.post(question_page.url, answers(website="https://roskaa.example"))
    assert response.status_code == 200  # the bot sees the thank-you page
    assert not QuestionSubmission.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_too_many_questions_from_one_address_are_refused(client, question_page):
    for _ in range(services.QUESTION_LIMIT):
        assert client.post(question_page.url, answers()).status_code == 200
    response = client.post(question_page.url, answers())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= services.QUESTION_WINDOW_SECONDS
    summary = BeautifulSoup(response.content, "html.parser").select_one(
        ".error-summary[role=alert]"
    )
    assert "useita kysymyksiä lyhyessä ajassa" in summary.get_text()
    assert QuestionSubmission.objects.count() == services.QUESTION_LIMIT


def test_staff_see_the_questions_in_the_admin(client, question_page, superuser):
    client.post(question_page.url, answers())
    client.force_login(superuser)
    response = client.get(f"/admin/forms/submissions/{question_page.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "maija.valmistelija@tampere.fi" in html
    assert "Tampere (837)" in html


def test_questions_are_part_of_the_askers_personal_data(
    client, question_page, member_user
):
    client.post(question_page.url, answers(email=member_user.email.upper()))
    from network import personal_data

    collected = personal_data.collect_personal_data(member_user)["question_submissions"]
    assert [item["answers"]["kysymys"] for item in collected] == [
        "Miten kotoutumisohjelma hyväksytään?"
    ]
    personal_data.run_erase_hooks(member_user)
    assert not QuestionSubmission.objects.exists()


def test_the_stored_question_mails_are_in_the_data_and_go_with_the_question(
    client, question_page, member_user
):
    from network import personal_data

    client.post(question_page.url, answers(email=member_user.email))
    other = client.post(question_page.url, answers(email="joku.muu@example.com"))
    assert other.status_code == 200
    # Two notices to the office each; the askers' receipts come from the requests inbox.
    assert OutgoingEmail.objects.filter(kind="materials").count() == 4

    [question] = personal_data.collect_personal_data(member_user)[
        "question_submissions"
    ]
    assert sorted(m["to"] for m in question["notifications_to_the_office"]) == [
        "kysymykset@muutostuki.example",
        "neuvonta@muutostuki.example",
    ]
    personal_data.run_erase_hooks(member_user)

    remaining = OutgoingEmail.objects.filter(kind="materials")
    assert len(remaining) == 2
    assert all("joku.muu@example.com" in mail.body_text for mail in remaining)
    assert not [m for m in remaining if member_user.email in m.body_text]


def test_questions_from_an_unconfirmed_address_are_not_the_persons(
    client, question_page, member_user
):
    from network import personal_data
    from tests.factories.network import add_email

    add_email(member_user, "lisatty@example.com", verified=False)
    client.post(question_page.url, answers(email="lisatty@example.com"))

    assert (
        personal_data.collect_personal_data(member_user)["question_submissions"] == []
    )


def test_swedish_form_names_municipalities_in_swedish(client, faq_page, question_page):
    translate(faq_page, "sv", title="Vanliga frågor")
    sv_page = translate(question_page, "sv", title="Fråga oss")
    soup = BeautifulSoup(client.get(sv_page.url).content, "html.parser")
    option = soup.select_one('select[name="municipality"] option[value="853"]')
    assert option.get_text() == "Åbo"
    assert 'name="kysymys"' in str(soup)
