"""The requester's pages: choosing a kind, each kind's form, the request with its thread,
adding information, withdrawing, the expert's reply and My account."""

import pytest
from bs4 import BeautifulSoup

from asks import services
from asks.models import Request, RequestEvent
from tests.factories.asks import RequestFactory, request_by
from tests.factories.materials import ExpertFactory
from tests.factories.network import add_email, make_member

State = Request.State


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


SPEAKER = {
    "subject": "Puhuja valtuustoseminaariin",
    "body": "Kotoutumisohjelman valmistelu",
    "reform": "koto24",
    "event_date": "2027-03-04",
    "starts_at": "17:00",
    "ends_at": "19:00",
    "event_format": "on_site",
    "place": "Kaupungintalo",
    "audience": "Valtuutetut",
    "audience_size": "80",
    "event_language": "fi",
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_start_page_renders_in_each_language(client, db, language):
    response = client.get(f"/{language}/requests/")
    assert response.status_code == 200
    assert soup(response).html["lang"] == language


def test_start_page_offers_members_every_kind(client, member_user):
    client.force_login(member_user)
    links = soup(client.get("/fi/requests/")).select(".request-kinds a")
    assert [link["href"] for link in links] == [
        f"/fi/requests/new/{kind}/" for kind in Request.Kind.values
    ]


def test_guests_are_offered_the_questions_only(client, db):
    links = soup(client.get("/fi/requests/")).select(".request-kinds a")
    assert [link["href"] for link in links] == [
        "/fi/requests/new/legal/",
        "/fi/requests/new/general/",
    ]


@pytest.mark.parametrize("kind", Request.Kind.values)
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_form_renders_for_a_member(client, member_user, kind, language):
    client.force_login(member_user)
    response = client.get(f"/{language}/requests/new/{kind}/")
    assert response.status_code == 200
    # The contact details come from the profile, not from fields.
    assert member_user.email in response.content.decode()
    assert not soup(response).select('input[name="email"]')


def test_member_sends_a_speaker_request(client, member_user, themes, outbox):
    expert = ExpertFactory()
    client.force_login(member_user)
    response = client.post(
        "/fi/requests/new/speaker/",
        {**SPEAKER, "wished_expert": expert.pk, "theme": themes["viestinta"].pk},
    )
    request = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fi/requests/{request.pk}/"
    assert (request.kind, request.state, request.requester) == (
        Request.Kind.SPEAKER,
        State.NEW,
        member_user,
    )
    assert request.wished_expert == expert
    assert request.details["event_format"] == "on_site"
    assert request.details["audience_size"] == 80
    assert request.language == "fi"
    page = client.get(response["Location"]).content.decode()
    assert "Valtuutetut" in page
    assert "4.3.2027" in page


def test_failed_form_has_an_error_summary(client, member_user):
    client.force_login(member_user)
    response = client.post(
        "/fi/requests/new/speaker/", {**SPEAKER, "subject": "", "place": ""}
    )
    assert response.status_code == 400
    page = soup(response)
    summary = page.select_one(".error-summary[role=alert]")
    assert [link["href"] for link in summary.select("a")] == [
        "#id_subject",
        "#id_place",
    ]
    assert page.title.get_text().startswith("Virhe: ")
    assert not Request.objects.exists()


def test_legal_question_is_prefilled_with_the_profiles_municipality(
    client, member_user
):
    client.force_login(member_user)
    page = soup(client.get("/fi/requests/new/legal/"))
    selected = page.select_one('select[name="question_municipality"] option[selected]')
    assert selected["value"] == str(member_user.profile.municipality.pk)


def test_guest_sends_a_general_question(client, db, outbox):
    response = client.post(
        "/sv/requests/new/general/",
        {
            "subject": "Rapportering",
            "body": "Hur rapporterar vi?",
            "name": "Gäst Exempel",
            "email": "gast@example.org",
            "may_publish": "on",
        },
    )
    assert response.status_code == 200
    request = Request.objects.get()
    assert (request.requester, request.email, request.language) == (
        None,
        "gast@example.org",
        "sv",
    )
    assert request.may_publish
    assert {mail.to for mail in outbox.all()} == {
        "gast@example.org",
        "muutostuki@muutostuki.example",
    }


def test_guest_form_has_a_trap_for_bots(client, db):
    response = client.post(
        "/fi/requests/new/general/",
        {
            "subject": "Roskaa",
            "body": "Roskaa",
            "name": "Botti",
            "email": "botti@example.org",
            "website": "https://roskaa.example",
        },
    )
    assert response.status_code == 200  # the bot sees the thank-you page
    assert not Request.objects.exists()


def test_guests_are_rate_limited(client, db, settings):
    settings.PORTAL_REQUESTS_GUEST_PER_HOUR = 1
    data = {"subject": "K", "body": "K", "name": "G", "email": "g@example.org"}
    assert client.post("/fi/requests/new/legal/", data).status_code == 200
    response = client.post("/fi/requests/new/legal/", data)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert soup(response).select_one(".error-summary[role=alert]")
    assert Request.objects.count() == 1


def test_guests_log_in_when_the_office_allows_no_guests(client, db, settings):
    settings.PORTAL_REQUESTS_GUESTS_ALLOWED = False
    response = client.get("/fi/requests/new/general/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_non_member_is_refused_a_speaker_request(client, signed_in_user):
    client.force_login(signed_in_user)
    assert client.get("/fi/requests/new/speaker/").status_code == 403


def test_the_requester_sees_the_thread_but_not_the_notes(
    client, member_user, staff_user
):
    request = request_by(member_user)
    services.add_note(request=request, by=staff_user, body="Sisäinen huomio")
    services.ask_requester(request=request, by=staff_user, body="Tarkentaisitko?")
    client.force_login(member_user)
    page = client.get(f"/fi/requests/{request.pk}/").content.decode()
    assert "Tarkentaisitko?" in page
    assert "Sisäinen huomio" not in page
    assert str(RequestEvent.Action.NOTE_ADDED.label) not in page


def test_another_member_does_not_find_the_request(client, member_user):
    request = request_by(member_user)
    other = make_member().user
    client.force_login(other)
    assert client.get(f"/fi/requests/{request.pk}/").status_code == 404


def test_requester_adds_information(client, member_user, staff_user):
    request = request_by(member_user)
    services.ask_requester(request=request, by=staff_user, body="Kenelle?")
    client.force_login(member_user)
    response = client.post(
        f"/fi/requests/{request.pk}/add/", {"body": "Työttömille työnhakijoille."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.NEW
    assert request.messages.last().body == "Työttömille työnhakijoille."


def test_requester_withdraws_after_confirming(client, member_user):
    request = request_by(member_user)
    client.force_login(member_user)
    assert client.get(f"/fi/requests/{request.pk}/withdraw/").status_code == 200
    assert client.post(f"/fi/requests/{request.pk}/withdraw/").status_code == 302
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN
    # Closed: no more changes from the requester.
    assert client.get(f"/fi/requests/{request.pk}/withdraw/").status_code == 404
    assert client.post(
        f"/fi/requests/{request.pk}/add/", {"body": "x"}
    ).status_code == (404)


def test_the_assigned_expert_sees_and_answers_the_request(
    client, member_user, staff_user, signed_in_user
):
    expert = ExpertFactory(email="outi.asiantuntija@muutostuki.example")
    add_email(signed_in_user, "outi.asiantuntija@muutostuki.example")
    request = request_by(member_user)
    client.force_login(signed_in_user)
    assert client.get(f"/fi/requests/{request.pk}/").status_code == 404
    services.assign_request(request=request, by=staff_user, expert=expert)
    response = client.get(f"/fi/requests/{request.pk}/")
    assert response.status_code == 200
    assert soup(response).select('input[name="expert-outcome"]')
    account = client.get("/fi/network/account/").content.decode()
    assert request.subject in account
    client.post(
        f"/fi/requests/{request.pk}/expert-reply/",
        {"expert-body": "Vastaus asiantuntijalta", "expert-outcome": "answer"},
    )
    request.refresh_from_db()
    assert request.state == State.ANSWERED
    assert request.events.last().actor == signed_in_user


def test_an_unconfirmed_address_does_not_make_an_expert(
    client, member_user, staff_user, signed_in_user
):
    expert = ExpertFactory(email="outi.asiantuntija@muutostuki.example")
    add_email(signed_in_user, "outi.asiantuntija@muutostuki.example", verified=False)
    request = request_by(member_user)
    services.assign_request(request=request, by=staff_user, expert=expert)
    client.force_login(signed_in_user)
    assert client.get(f"/fi/requests/{request.pk}/").status_code == 404


def test_my_account_lists_own_requests_with_their_state(
    client, member_user, django_assert_max_num_queries
):
    for number in range(15):
        request_by(member_user, subject=f"Pyyntö {number}")
    RequestFactory(subject="Jonkun muun")
    client.force_login(member_user)
    with django_assert_max_num_queries(40):
        response = client.get("/fi/network/account/")
    items = soup(response).select("#requests li")
    assert len(items) == 15
    assert "Jonkun muun" not in response.content.decode()
    assert str(State.NEW.label) in items[0].get_text() or "Uusi" in items[0].get_text()


def test_my_account_lists_a_request_both_as_mine_and_as_assigned_to_me(
    client, member_user, staff_user
):
    """An expert's own request assigned to them is in both lists; a closed one only
    among their own; the address is matched whatever its case."""
    expert = ExpertFactory(email="Aino.Asiantuntija@muutostuki.example")
    add_email(member_user, "aino.asiantuntija@MUUTOSTUKI.example")
    both = request_by(member_user, subject="Oma ja minulle")
    services.assign_request(request=both, by=staff_user, expert=expert)
    other = request_by(staff_user, subject="Toisen, minulle")
    services.assign_request(request=other, by=staff_user, expert=expert)
    closed = request_by(staff_user, subject="Suljettu")
    services.assign_request(request=closed, by=staff_user, expert=expert)
    Request.objects.filter(pk=closed.pk).update(state=Request.State.CLOSED)
    client.force_login(member_user)

    page = soup(client.get("/fi/network/account/"))

    lists = page.select("#requests ul")
    assert [a.get_text() for a in lists[0].select("li > a")] == ["Oma ja minulle"]
    assert [a.get_text() for a in lists[1].select("li > a")] == [
        "Toisen, minulle",
        "Oma ja minulle",
    ]


def test_request_detail_runs_a_bounded_number_of_queries(
    client, member_user, staff_user, django_assert_max_num_queries
):
    request = request_by(member_user)
    for number in range(10):
        services.reply_to_request(request=request, by=staff_user, body=f"V {number}")
    client.force_login(member_user)
    with django_assert_max_num_queries(20):
        assert client.get(f"/fi/requests/{request.pk}/").status_code == 200
