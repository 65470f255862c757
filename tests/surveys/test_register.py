"""The preparer register: contact persons of the mapping survey per municipality, its
export, sign-up invitations and the sign-up link that fills in the municipality."""

import csv
import io
from urllib.parse import unquote

from django.utils import timezone

import pytest

from network.models import MemberProfile
from portal.access import Audience
from surveys import services
from surveys.models import PreparerInvitation
from tests.factories.network import municipality
from tests.factories.portal import UserFactory
from tests.factories.surveys import (
    SurveyPageFactory,
    contact_persons,
    municipality_question,
)

MAIJA = {
    "name": "Maija Mallikas",
    "title": "Kotoutumiskoordinaattori",
    "email": "Maija.Mallikas@ouka.fi",
    "phone": "+358 40 123 4567",
    "role": "KOTO24-valmistelija",
}
PEKKA = {
    "name": "Pekka Puupää",
    "title": "Sosiaalijohtaja",
    "email": "pekka@ouka.fi",
    "phone": "",
    "role": "",
}


@pytest.fixture
def mapping(survey_index_page):
    return SurveyPageFactory(
        parent=survey_index_page,
        title="KOTO24-valmistelijakartoitus",
        audience=Audience.PUBLIC,
        builds_preparer_register=True,
        questions=[municipality_question(), contact_persons()],
    )


def answer(survey, code, persons, *, now=None):
    return services.submit_response(
        survey=survey,
        respondent=services.Respondent(invited_municipality=municipality(code)),
        answers={"contacts": persons},
        now=now or timezone.now(),
    )


def test_register_lists_contact_persons_once_with_the_latest_details(mapping):
    answer(mapping, "564", [MAIJA, PEKKA])
    answer(mapping, "564", [{**MAIJA, "title": "Maahanmuuttokoordinaattori"}])
    answer(mapping, "091", [{**PEKKA, "email": "pekka@hel.fi"}])
    register = services.preparer_register(surveys=[mapping])
    assert [(p.municipality.code, p.email, p.title) for p in register] == [
        ("091", "pekka@hel.fi", "Sosiaalijohtaja"),
        ("564", "maija.mallikas@ouka.fi", "Maahanmuuttokoordinaattori"),
    ]


def test_register_marks_people_who_have_an_account(mapping):
    UserFactory(email="maija.mallikas@ouka.fi")
    answer(mapping, "564", [MAIJA, PEKKA])
    register = {p.email: p for p in services.preparer_register(surveys=[mapping])}
    assert register["maija.mallikas@ouka.fi"].has_account
    assert not register["pekka@ouka.fi"].has_account


def test_inviting_skips_people_with_an_account(
    mapping, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="maija.mallikas@ouka.fi")
    answer(mapping, "564", [MAIJA, PEKKA])
    register = services.preparer_register(surveys=[mapping])
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.invite_preparers(preparers=register, invited_by=staff_user)
    assert [invitation.email for invitation in invited] == ["pekka@ouka.fi"]
    assert [mail.to for mail in mailoutbox] == [["pekka@ouka.fi"]]
    assert "/fi/surveys/join/" in mailoutbox[0].body
    again = services.preparer_register(surveys=[mapping])
    assert {p.email: p.invited_at is not None for p in again} == {
        "maija.mallikas@ouka.fi": False,
        "pekka@ouka.fi": True,
    }


def test_sign_up_link_fills_in_the_municipality(client, mapping):
    link = services.signup_link(
        municipality=municipality("564"), email="pekka@ouka.fi", language="fi"
    )
    response = client.get(link.removeprefix("http://testserver"))
    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/signup/?email=pekka%40ouka.fi"
    signup = client.post(
        "/fi/accounts/signup/",
        {
            "first_name": "Pekka",
            "last_name": "Puupää",
            "email": "pekka@ouka.fi",
            "password1": "kotoutuminen-2025!",
            "password2": "kotoutuminen-2025!",
        },
    )
    assert signup.status_code == 302
    profile = MemberProfile.objects.get(user__email="pekka@ouka.fi")
    assert profile.municipality == municipality("564")
    assert profile.organisation_type == MemberProfile.OrganisationType.MUNICIPALITY


def test_sign_up_link_keeps_a_municipality_already_chosen(client, mapping):
    user = UserFactory(email="pekka@ouka.fi")
    profile = services.apply_signup_municipality(
        user=user, municipality=municipality("091")
    )
    again = services.apply_signup_municipality(
        user=user, municipality=municipality("564")
    )
    assert again.pk == profile.pk
    assert again.municipality == municipality("091")


def test_tampered_sign_up_link_is_refused(client, db):
    link = services.signup_link(
        municipality=municipality("564"), email="pekka@ouka.fi", language="fi"
    )
    response = client.get(
        link.removeprefix("http://testserver").replace("/join/", "/join/x")
    )
    assert response.status_code == 400


def test_register_view_lists_exports_and_invites(
    client, staff_user, mapping, mailoutbox, django_capture_on_commit_callbacks
):
    answer(mapping, "564", [MAIJA, PEKKA])
    client.force_login(staff_user)
    page = client.get("/admin/surveys/preparers/")
    assert page.status_code == 200
    assert "Maija Mallikas" in page.content.decode()
    exported = client.get("/admin/surveys/preparers/", {"format": "csv"})
    assert exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1][2:5] == [
        "Maija Mallikas",
        "Kotoutumiskoordinaattori",
        "maija.mallikas@ouka.fi",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/surveys/preparers/", {"emails": ["pekka@ouka.fi"]}
        )
    assert response.status_code == 302
    assert PreparerInvitation.objects.get().email == "pekka@ouka.fi"
    token = unquote(mailoutbox[0].body.split("/surveys/join/")[1].split("/")[0])
    assert services.read_signup_token(token) == (municipality("564"), "pekka@ouka.fi")


def test_register_filters_by_municipality_groups(client, staff_user, mapping):
    answer(mapping, "564", [MAIJA])
    answer(mapping, "091", [{**PEKKA, "email": "pekka@hel.fi"}])
    client.force_login(staff_user)
    response = client.get("/admin/surveys/preparers/", {"region": "Uusimaa"})
    assert [p.email for p in response.context["preparers"]] == ["pekka@hel.fi"]
