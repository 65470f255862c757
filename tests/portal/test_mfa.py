"""The staff's second factor (allauth.mfa): set-up before anything else, sign-in with a
real TOTP code, no way round it (login by e-mail code), rate-limited failures, members'
own choice, and the administrators' logged reset."""

import base64
import hashlib
import hmac
import re
import struct
import time

from django.db import transaction
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from wagtail.models import ModelLogEntry

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from portal import mfa
from portal.models import OutgoingEmail
from tests.test_access_matrix import ALL_ROWS

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 with SHA-1, 30-second steps and six digits, as authenticator apps."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_code(secret: str) -> str:
    """A code that stays valid for the next few seconds (never one about to expire)."""
    if 30 - time.time() % 30 < 3:
        time.sleep(3.1)
    return totp_code(secret)


def wrong_code(secret: str) -> str:
    return f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"


def finnish(message) -> str:
    with translation.override("fi"):
        return translation.gettext(message)


@pytest.fixture(autouse=True)
def required(settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True


@pytest.fixture
def send_on_commit(monkeypatch):
    """allauth sends its MFA signals after commit; the test's transaction never commits."""
    monkeypatch.setattr(
        transaction, "on_commit", lambda func, using=None, robust=False: func()
    )


def sign_in(client, user):
    return client.post(
        "/fi/accounts/login/", {"login": user.email, "password": PASSWORD}
    )


def with_totp(user) -> str:
    TOTP.activate(user, SECRET)
    return SECRET


# --- Staff without a second factor ---------------------------------------------------------


def test_staff_who_sign_in_without_a_factor_are_sent_to_set_one_up(client, editor_user):
    signed_in = sign_in(client, editor_user)
    assert signed_in.status_code == 302
    response = client.get(signed_in["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/2fa/?next=")

    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"] == "/fi/accounts/2fa/?next=%2Fadmin%2F"
    page = client.get(admin["Location"])
    assert page.status_code == 200
    assert escape(finnish(mfa.SET_UP_MESSAGE)) in page.content.decode()


def test_the_set_up_pages_and_signing_out_stay_open(client, editor_user):
    client.force_login(editor_user)
    for url in (
        "/fi/accounts/2fa/",
        "/sv/accounts/2fa/",
        "/fi/accounts/reauthenticate/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.post("/fi/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_members_are_not_asked_for_a_second_factor(client, member_user):
    client.force_login(member_user)
    assert client.get("/fi/network/account/").status_code == 200


def test_without_the_setting_staff_work_with_a_password_only(
    client, editor_user, settings
):
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    client.force_login(editor_user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(("build", "expected"), ALL_ROWS)
def test_no_restricted_address_answers_a_session_without_the_second_factor(
    client, administrator_user, request, build, expected
):
    """Every address of the access matrix, the admin's first, sends an administrator
    who has not passed the second factor to set it up, whatever it would answer."""
    client.force_login(administrator_user)
    url = build(request.getfixturevalue)
    response = client.get(url)
    assert response.status_code == 302, url
    assert re.match(r"^/fi/accounts/2fa/\?next=", response["Location"]), url


def test_a_factor_of_its_own_is_not_enough_the_session_must_pass_it(
    client, editor_user
):
    with_totp(editor_user)
    client.force_login(editor_user)  # as if signed in before the factor existed
    response = client.get("/admin/")
    assert response["Location"] == "/fi/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"


# --- Setting up an authenticator app ---------------------------------------------------------


def test_staff_set_up_an_authenticator_app_and_reach_the_admin(
    client, editor_user, send_on_commit
):
    client.force_login(editor_user)
    activate = "/fi/accounts/2fa/totp/activate/"
    # Adding a factor asks for the password again (allauth's re-authentication).
    assert client.get(activate)["Location"].startswith("/fi/accounts/reauthenticate/")
    client.post("/fi/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get(activate).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    assert secret, "the secret is shown for the app"

    refused = client.post(activate, {"code": wrong_code(secret.group(1))})
    assert refused.status_code == 200
    assert not Authenticator.objects.filter(user=editor_user).exists()

    done = client.post(activate, {"code": fresh_code(secret.group(1))})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=editor_user, type="totp").exists()
    assert client.get("/admin/").status_code == 200


# --- Signing in with the second factor --------------------------------------------------------


def test_a_real_totp_code_signs_staff_in(client, editor_user, send_on_commit):
    secret = with_totp(editor_user)
    response = sign_in(client, editor_user)
    assert response["Location"] == "/fi/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    response = client.post(response["Location"], {"code": fresh_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor_user.pk)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_totp_code_does_not(client, editor_user):
    secret = with_totp(editor_user)
    sign_in(client, editor_user)
    response = client.post(
        "/fi/accounts/2fa/authenticate/", {"code": wrong_code(secret)}
    )
    assert response.status_code == 200
    assert finnish("Incorrect code.") in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/fi/accounts/login/")


def test_failed_codes_are_rate_limited(client, editor_user):
    secret = with_totp(editor_user)
    sign_in(client, editor_user)
    for _attempt in range(5):
        client.post("/fi/accounts/2fa/authenticate/", {"code": wrong_code(secret)})
    response = client.post(
        "/fi/accounts/2fa/authenticate/", {"code": fresh_code(secret)}
    )
    assert finnish("Too many failed login attempts. Try again later.") in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_stands_in_for_the_app(client, editor_user, send_on_commit):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    with_totp(editor_user)
    codes = RecoveryCodes.activate(editor_user).generate_codes()
    sign_in(client, editor_user)
    client.post("/fi/accounts/2fa/authenticate/", {"code": codes[0]})
    assert client.get("/admin/").status_code == 200


def test_signing_in_by_e_mail_code_still_asks_for_the_second_factor(
    client, editor_user, mailoutbox, send_on_commit
):
    secret = with_totp(editor_user)
    client.post("/fi/accounts/login/code/", {"email": editor_user.email})
    [mail] = mailoutbox
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.body, re.MULTILINE).group(1)

    response = client.post("/fi/accounts/login/code/confirm/", {"code": code})
    assert response["Location"] == "/fi/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    client.post(response["Location"], {"code": fresh_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_staff_cannot_remove_their_last_factor(client, editor_user, send_on_commit):
    secret = with_totp(editor_user)
    sign_in(client, editor_user)
    client.post("/fi/accounts/2fa/authenticate/", {"code": fresh_code(secret)})
    client.post("/fi/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/fi/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=editor_user, type="totp").exists()
    assert response.status_code == 200
    assert finnish("You cannot deactivate two-factor authentication.") in (
        response.content.decode()
    )


# --- Members may turn it on -------------------------------------------------------------------


def test_my_account_links_to_two_factor_authentication(client, member_user):
    client.force_login(member_user)
    assert (
        'href="/fi/accounts/2fa/"'
        in client.get("/fi/network/account/").content.decode()
    )


def test_a_member_with_an_app_is_asked_for_it_at_sign_in(client, member_user):
    with_totp(member_user)
    assert sign_in(client, member_user)["Location"] == "/fi/accounts/2fa/authenticate/"


# --- Resetting a lost factor ------------------------------------------------------------------


def reset_url(user) -> str:
    return f"/admin/users/{user.pk}/second-factor/"


@pytest.fixture
def admin_session(client, administrator_user):
    client.force_login(administrator_user)
    session = client.session
    session[mfa.SESSION_KEY] = str(administrator_user.pk)
    session.save()
    return client


def test_an_administrator_resets_a_lost_factor_and_it_is_logged(
    admin_session, administrator_user, editor_user
):
    with_totp(editor_user)
    # Sensitive: the administrator confirms the password first.
    admin_session.post("/fi/accounts/reauthenticate/", {"password": PASSWORD})
    page = admin_session.get(reset_url(editor_user))
    assert page.status_code == 200
    assert (
        "TOTP" in page.content.decode() or "Tunnistinsovellus" in page.content.decode()
    )

    response = admin_session.post(reset_url(editor_user), {"reason": "Puhelin hukassa"})

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=editor_user).exists()
    entry = ModelLogEntry.objects.get(action=mfa.ACTION_RESET)
    assert entry.object_id == str(editor_user.pk)
    assert entry.user_id == administrator_user.pk
    assert entry.data == {"types": ["totp"], "reason": "Puhelin hukassa"}
    [notice] = OutgoingEmail.objects.filter(to=editor_user.email)
    assert "Puhelin hukassa" in notice.body_text


def test_the_reset_ends_the_persons_sessions_but_not_others(
    admin_session, administrator_user, editor_user
):
    with_totp(editor_user)
    editor = Client()
    editor.force_login(editor_user)
    session = editor.session
    session[mfa.SESSION_KEY] = str(editor_user.pk)
    session.save()
    assert editor.get("/admin/").status_code == 200

    mfa.reset_second_factor(user=editor_user, by=administrator_user)

    # Signed out: the admin asks for a sign-in again; the administrator stays in.
    assert editor.get("/admin/")["Location"].startswith("/fi/accounts/login/")
    assert admin_session.get("/admin/").status_code == 200


def test_the_reset_asks_for_re_authentication(admin_session, editor_user):
    with_totp(editor_user)
    response = admin_session.post(reset_url(editor_user), {"reason": ""})
    assert response["Location"].startswith("/fi/accounts/reauthenticate/")
    assert Authenticator.objects.filter(user=editor_user).exists()


@pytest.mark.parametrize("role", ["editor", "membership_manager", "moderator"])
def test_others_cannot_reset_a_factor(
    client, user_for_role, editor_user, role, settings
):
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    with_totp(editor_user)
    client.force_login(user_for_role(role))
    assert client.get(reset_url(editor_user)).status_code == 403
    assert client.post(reset_url(editor_user)).status_code == 403
    assert Authenticator.objects.filter(user=editor_user).exists()


def test_the_user_list_offers_the_reset_to_administrators(admin_session, editor_user):
    content = admin_session.get("/admin/users/").content.decode()
    assert reset_url(editor_user) in content
