"""Sensitive changes ask for the password again (allauth's re-authentication), and pages
with personal data are never stored by a browser or a proxy."""

from django.contrib.auth.models import Group
from django.db import transaction

import pytest
from allauth.account.models import EmailAddress

from network.roles import REGISTRATION_STAFF_GROUP

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
REAUTHENTICATE = "/fi/accounts/reauthenticate/"


@pytest.fixture
def send_on_commit(monkeypatch):
    monkeypatch.setattr(
        transaction, "on_commit", lambda func, using=None, robust=False: func()
    )


def reauthenticate(client, location: str):
    """Give the password on allauth's page; allauth then carries out the suspended
    request (the address in `next`)."""
    response = client.post(location, {"password": PASSWORD})
    assert response.status_code in (200, 302)
    return response


# --- Re-authentication ------------------------------------------------------------------


def test_adding_an_e_mail_address_asks_for_the_password_first(client, member_user):
    client.force_login(member_user)
    data = {"action_add": "", "email": "uusi@example.com"}
    response = client.post("/fi/accounts/email/", data)

    assert response["Location"].startswith(REAUTHENTICATE)
    assert not EmailAddress.objects.filter(email="uusi@example.com").exists()
    reauthenticate(client, response["Location"])
    assert EmailAddress.objects.filter(email="uusi@example.com").exists()


def test_deleting_the_account_asks_for_the_password_first(client, member_user):
    client.force_login(member_user)
    assert client.get("/fi/network/account/delete/").status_code == 200
    response = client.post("/fi/network/account/delete/", {"confirm": "on"})
    assert response["Location"].startswith(REAUTHENTICATE)
    member_user.refresh_from_db()
    assert member_user.is_active

    resumed = client.post(
        response["Location"], {"password": PASSWORD}, follow=True
    ).content.decode()

    member_user.refresh_from_db()
    assert not member_user.is_active
    assert "poistettu" in resumed


def test_a_wrong_password_deletes_nothing(client, member_user):
    client.force_login(member_user)
    response = client.post("/fi/network/account/delete/", {"confirm": "on"})
    client.post(response["Location"], {"password": "väärä"})
    member_user.refresh_from_db()
    assert member_user.is_active


def test_changing_someones_roles_asks_for_the_password_first(
    client, administrator_user, member_user
):
    client.force_login(administrator_user)
    url = f"/admin/users/edit/{member_user.pk}/"
    assert client.get(url).status_code == 200
    group = Group.objects.get(name=REGISTRATION_STAFF_GROUP)
    data = {
        "email": member_user.email,
        "first_name": member_user.first_name,
        "last_name": member_user.last_name,
        "is_active": "on",
        "groups": [group.pk, *member_user.groups.values_list("pk", flat=True)],
    }
    response = client.post(url, data)

    assert response["Location"].startswith(REAUTHENTICATE)
    assert not member_user.groups.filter(pk=group.pk).exists()
    reauthenticate(client, response["Location"])
    assert member_user.groups.filter(pk=group.pk).exists()


def test_editing_a_group_asks_for_the_password_first(client, administrator_user):
    client.force_login(administrator_user)
    group = Group.objects.get(name=REGISTRATION_STAFF_GROUP)
    response = client.post(f"/admin/groups/edit/{group.pk}/", {"name": "Uusi nimi"})
    assert response["Location"].startswith(REAUTHENTICATE)
    group.refresh_from_db()
    assert group.name == REGISTRATION_STAFF_GROUP


def test_other_admin_work_needs_no_new_password(client, administrator_user):
    client.force_login(administrator_user)
    assert client.get("/admin/pages/").status_code == 200
    response = client.post("/admin/events/", {})
    assert not response.get("Location", "").startswith(REAUTHENTICATE)


# --- Pages with personal data are not stored ---------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/fi/network/account/",
        "/fi/network/account/my-data.json",
        "/fi/network/account/delete/",
        "/fi/network/members/",
        "/fi/accounts/email/",
        "/fi/accounts/2fa/",
        "/fi/forum/notifications/",
        "/fi/forum/preferences/",
        "/admin/",
        "/admin/network/membership/?export=csv",
    ],
)
def test_personal_pages_are_never_stored(client, administrator_user, url, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    client.force_login(administrator_user)
    response = client.get(url)
    assert response.status_code == 200, url
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_guests_private_page_is_never_stored(client, guest_registration):
    response = client.get(guest_registration.get_manage_url())
    assert "no-store" in response["Cache-Control"]


def test_a_survey_answer_page_is_never_stored(client, member_user, members_survey):
    client.force_login(member_user)
    response = client.get(members_survey.url)
    assert "no-store" in response["Cache-Control"]


def test_deactivating_people_in_bulk_asks_for_the_password_first(
    client, administrator_user, member_user
):
    client.force_login(administrator_user)
    response = client.post(
        f"/admin/bulk/portal/user/set_active_state/?id={member_user.pk}",
        {"mark_as_active": "False"},
    )
    assert response["Location"].startswith(REAUTHENTICATE)
    member_user.refresh_from_db()
    assert member_user.is_active
