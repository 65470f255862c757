"""A requester's requests are in their own-data download and go with the account;
a FAQ entry made of one stays."""

import pytest

from asks import services
from asks.models import Request
from network import personal_data
from network.services import delete_account
from portal.models import OutgoingEmail
from tests.factories.asks import RequestFactory, request_by
from tests.factories.materials import FaqPageFactory
from tests.factories.network import add_email


def test_requests_are_in_the_own_data_without_internal_notes(member_user, staff_user):
    request = request_by(member_user, subject="Oma pyyntö")
    services.add_note(request=request, by=staff_user, body="Sisäinen huomio")
    services.answer_request(request=request, by=staff_user, body="Vastaus")
    [collected] = personal_data.collect_personal_data(member_user)["office_requests"]
    assert collected["subject"] == "Oma pyyntö"
    assert [m["message"] for m in collected["messages"]] == ["Vastaus"]
    assert "Sisäinen huomio" not in str(collected)


def test_a_guest_request_under_a_confirmed_address_is_the_persons(member_user):
    add_email(member_user, "vanha@example.org")
    RequestFactory(email="vanha@example.org", subject="Vieraana")
    RequestFactory(email="joku@example.org", subject="Jonkun muun")
    collected = personal_data.collect_personal_data(member_user)["office_requests"]
    assert [item["subject"] for item in collected] == ["Vieraana"]


def test_deleting_the_account_erases_requests_and_their_mails_but_not_the_faq(
    member_user, staff_user, home_page
):
    faq = FaqPageFactory(parent=home_page)
    request = request_by(member_user, may_publish=True)
    services.answer_request(request=request, by=staff_user, body="Vastaus")
    services.draft_faq_entry(
        request=request, by=staff_user, faq_page=faq, question="K?", answer="V."
    )
    other = RequestFactory()
    services.answer_request(request=other, by=staff_user, body="Toinen")
    assert OutgoingEmail.objects.filter(to=member_user.email).exists()

    delete_account(user=member_user)

    assert list(Request.objects.all()) == [other]
    assert not OutgoingEmail.objects.filter(to=member_user.email).exists()
    assert OutgoingEmail.objects.filter(to=other.email).exists()
    draft = faq.get_latest_revision_as_object()
    assert "K?" in str(draft.sections.get_prep_value())


@pytest.mark.parametrize("role", ["signed_in", "member"])
def test_own_data_download_includes_requests(client, user_for_role, role):
    user = user_for_role(role)
    request_by(user, subject="Ladattava")
    client.force_login(user)
    response = client.get("/fi/network/account/my-data.json")
    assert (
        "Ladattava" in b"".join(response.streaming_content).decode()
        if (response.streaming)
        else "Ladattava" in response.content.decode()
    )
