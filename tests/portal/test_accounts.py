"""Accounts with allauth: our layout in three languages, verification, no enumeration,
rate limits, login by code, and every account mail through the portal's queue."""

import re
import time
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC

from portal.models import OutgoingEmail
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "Kotoutuminen-2025!"
LINK = re.compile(r"http://testserver(/\S+/)")


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def link_in(mail) -> str:
    return LINK.search(mail.body).group(1)


@pytest.fixture
def send_on_commit(monkeypatch):
    """Requests here run inside the test's transaction, which never commits: send the
    queued mail at once, as the commit of a real request would."""
    monkeypatch.setattr(
        transaction, "on_commit", lambda func, using=None, robust=False: func()
    )


def sign_up(client, language="fi", email="uusi.kayttaja@example.com"):
    return client.post(
        f"/{language}/accounts/signup/",
        {
            "first_name": "Aino",
            "last_name": "Virtanen",
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


ANONYMOUS_PAGES = {
    "login": ("/accounts/login/", "Sign In"),
    "signup": ("/accounts/signup/", "Sign Up"),
    "password-reset": ("/accounts/password/reset/", "Password Reset"),
    "password-reset-done": ("/accounts/password/reset/done/", "Password Reset"),
    "password-reset-key-done": (
        "/accounts/password/reset/key/done/",
        "Your password is now changed.",
    ),
    "verification-sent": ("/accounts/confirm-email/", "Verify Your Email Address"),
    "login-code": ("/accounts/login/code/", "Send me a sign-in code"),
}
SIGNED_IN_PAGES = {
    "email": ("/accounts/email/", "Email Address"),
    "password-change": ("/accounts/password/change/", "Change Password"),
    "logout": ("/accounts/logout/", "Are you sure you want to sign out?"),
    "reauthenticate": ("/accounts/reauthenticate/", "Confirm Access"),
}


def assert_in_our_layout(response, language: str, text: str) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert '<body class="account-page">' in html
    assert '<main id="main"' in html
    expected = translated(language, text)
    if language != "en":
        assert expected != text, f"{text!r} has no {language} translation"
    assert expected in html


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_account_pages_render_in_our_layout(client, language, name):
    path, text = ANONYMOUS_PAGES[name]
    assert_in_our_layout(client.get(f"/{language}{path}"), language, text)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_account_pages_render_in_our_layout(
    client, signed_in_user, language, name
):
    client.force_login(signed_in_user)
    path, text = SIGNED_IN_PAGES[name]
    response = client.get(f"/{language}{path}")
    assert_in_our_layout(response, language, text)
    if name != "reauthenticate":  # an entrance page, not account management
        assert 'class="breadcrumbs"' in response.content.decode()


def test_sign_up_verify_and_log_in_end_to_end(client, mailoutbox, send_on_commit):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/confirm-email/"
    user = get_user_model().objects.get(email="uusi.kayttaja@example.com")
    assert (user.first_name, user.last_name, user.preferred_language) == (
        "Aino",
        "Virtanen",
        "fi",
    )
    assert "_auth_user_id" not in client.session  # verification is mandatory

    [mail] = mailoutbox
    assert mail.to == ["uusi.kayttaja@example.com"]
    assert mail.subject.startswith("[Muutostuki] ")
    assert "Muutostuen toimisto" in mail.body  # signed by the office
    queued = OutgoingEmail.objects.get(to="uusi.kayttaja@example.com")
    assert (queued.kind, queued.status) == ("account", OutgoingEmail.Status.SENT)

    confirm_url = link_in(mail)
    assert confirm_url.startswith("/fi/accounts/confirm-email/")
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    # In the browser that signed up, confirming signs in and leads to My account,
    # which tells how to become a member.
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.status_code == 302
    assert response["Location"] == "/fi/network/account/"

    client.logout()
    response = client.post(
        "/fi/accounts/login/",
        {"login": "uusi.kayttaja@example.com", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_confirming_in_another_browser_verifies_but_asks_to_log_in(
    client, mailoutbox, send_on_commit
):
    from django.test import Client

    sign_up(client)
    [mail] = mailoutbox
    other_browser = Client()
    response = other_browser.post(link_in(mail))
    assert EmailAddress.objects.get(email="uusi.kayttaja@example.com").verified
    assert "_auth_user_id" not in other_browser.session
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/")


@pytest.mark.parametrize(
    ("language", "prefix"), [("fi", "Virhe: "), ("sv", "Fel: "), ("en", "Error: ")]
)
def test_failed_sign_up_summarises_the_errors_with_links_to_the_fields(
    client, language, prefix
):
    from bs4 import BeautifulSoup

    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "first_name": "Aino",
            "email": "ei-osoite",
            "password1": "a",
            "password2": "b",
        },
    )
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one("main .error-summary")
    assert summary["role"] == "alert" and summary.has_attr("autofocus")
    links = [a["href"] for a in summary.select("a")]
    assert links[:2] == ["#id_last_name", "#id_email"]
    for href in links:
        assert soup.select_one(href) is not None, href
    assert soup.title.get_text().startswith(prefix)
    assert soup.select_one('script[src$="error-summary.js"]') is not None
    assert not soup.select("script:not([src])")  # no inline script (strict CSP)


def test_account_mail_is_written_in_the_visitors_language(
    client, mailoutbox, send_on_commit
):
    sign_up(client, language="sv", email="ny.anvandare@example.com")
    [mail] = mailoutbox
    assert translated("sv", "Hello,") in mail.body
    assert link_in(mail).startswith("/sv/accounts/confirm-email/")


def test_login_before_verification_asks_to_verify(client, mailoutbox, send_on_commit):
    sign_up(client)
    mailoutbox.clear()
    response = client.post(
        "/fi/accounts/login/",
        {"login": "uusi.kayttaja@example.com", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_a_clear_translated_message(client, signed_in_user):
    response = client.post(
        "/fi/accounts/login/", {"login": signed_in_user.email, "password": "väärä"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    message = translated(
        "fi", "The email address and/or password you specified are not correct."
    )
    assert message in html
    assert 'role="alert"' in html
    assert "_auth_user_id" not in client.session


def test_duplicate_sign_up_looks_like_a_new_one_and_tells_the_owner(
    client, signed_in_user, mailoutbox, send_on_commit
):
    fresh = sign_up(client, email="toinen@example.com")
    mailoutbox.clear()
    duplicate = sign_up(client, email=signed_in_user.email)

    assert duplicate.status_code == fresh.status_code == 302
    assert duplicate["Location"] == fresh["Location"]
    assert get_user_model().objects.filter(email=signed_in_user.email).count() == 1
    [mail] = mailoutbox
    assert mail.to == [signed_in_user.email]
    with translation.override("fi"):
        assert "/fi/accounts/password/reset/" in mail.body


def test_expired_verification_link_says_so_with_404(client):
    user = UserFactory(email="hidas@example.com", verified_email=False)
    address = EmailAddress.objects.create(
        user=user, email=user.email, primary=True, verified=False
    )
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        key = EmailConfirmationHMAC(address).key

    response = client.get(f"/fi/accounts/confirm-email/{key}/")

    assert response.status_code == 404
    expected = translated(
        "fi",
        "This email confirmation link expired or is invalid. Please "
        '<a href="%(email_url)s">issue a new email confirmation request</a>.',
    )
    assert expected.split("<a")[0] in response.content.decode()
    assert client.post(f"/fi/accounts/confirm-email/{key}/").status_code == 404
    address.refresh_from_db()
    assert not address.verified


def test_bad_password_reset_link_says_so_with_404(client, signed_in_user):
    response = client.get(f"/fi/accounts/password/reset/key/{signed_in_user.pk}-x-y/")
    assert response.status_code == 404
    assert translated("fi", "Bad Token") in response.content.decode()


def test_failed_logins_are_rate_limited(client, signed_in_user):
    for _attempt in range(5):
        client.post(
            "/fi/accounts/login/", {"login": signed_in_user.email, "password": "väärä"}
        )
    response = client.post(
        "/fi/accounts/login/", {"login": signed_in_user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert (
        translated("fi", "Too many failed login attempts. Try again later.")
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_too_many_sign_ups_get_a_translated_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for number in range(2):
        sign_up(client, email=f"kokeilu{number}@example.com")
    response = sign_up(client, language="sv", email="kokeilu3@example.com")
    assert response.status_code == 429
    assert translated("sv", "Too many attempts") in response.content.decode()
    assert '<html lang="sv">' in response.content.decode()


def test_login_by_code(client, signed_in_user, mailoutbox, send_on_commit):
    response = client.post("/fi/accounts/login/code/", {"email": signed_in_user.email})
    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/login/code/confirm/"
    [mail] = mailoutbox
    code = re.search(
        r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.body, flags=re.MULTILINE
    ).group(1)

    confirm = client.get("/fi/accounts/login/code/confirm/")
    assert_in_our_layout(confirm, "fi", "Enter Sign-In Code")
    response = client.post("/fi/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(signed_in_user.pk)


def test_login_code_mail_has_an_html_part_and_a_swedish_signature(
    client, signed_in_user, mailoutbox, send_on_commit
):
    client.post("/sv/accounts/login/code/", {"email": signed_in_user.email})
    [mail] = mailoutbox
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.body, flags=re.MULTILINE)
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="sv"' in html and code.group(1) in html
    for part in (mail.body, html):
        assert "Med vänliga hälsningar" in part
        assert "Förändringsstödets kansli" in part
        assert "Muutostuen" not in part
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"


def test_login_code_request_does_not_reveal_unknown_addresses(
    client, signed_in_user, mailoutbox, send_on_commit
):
    known = client.post("/fi/accounts/login/code/", {"email": signed_in_user.email})
    unknown = client.post(
        "/fi/accounts/login/code/", {"email": "tuntematon@example.com"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [mail.to for mail in mailoutbox] == [[signed_in_user.email]]


def test_password_reset_does_not_reveal_accounts(
    client, signed_in_user, mailoutbox, send_on_commit
):
    known = client.post("/fi/accounts/password/reset/", {"email": signed_in_user.email})
    unknown = client.post(
        "/fi/accounts/password/reset/", {"email": "tuntematon@example.com"}
    )
    assert known.status_code == unknown.status_code == 302
    assert (
        known["Location"] == unknown["Location"] == "/fi/accounts/password/reset/done/"
    )
    reset_mail, unknown_mail = mailoutbox
    assert reset_mail.to == [signed_in_user.email]
    assert "/fi/accounts/password/reset/key/" in reset_mail.body
    assert unknown_mail.to == ["tuntematon@example.com"]
    assert "/accounts/password/reset/key/" not in unknown_mail.body


def test_password_reset_end_to_end(client, signed_in_user, mailoutbox, send_on_commit):
    client.post("/fi/accounts/password/reset/", {"email": signed_in_user.email})
    response = client.get(link_in(mailoutbox[0]), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    signed_in_user.refresh_from_db()
    assert signed_in_user.check_password(NEW_PASSWORD)


def test_password_change(client, signed_in_user):
    client.force_login(signed_in_user)
    response = client.post(
        "/fi/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    signed_in_user.refresh_from_db()
    assert signed_in_user.check_password(NEW_PASSWORD)


def test_email_change_needs_verification_of_the_new_address(
    client, signed_in_user, mailoutbox, send_on_commit
):
    client.force_login(signed_in_user)
    # Changing the address asks for the password again (tests/portal/test_sessions.py).
    client.post("/fi/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post(
        "/fi/accounts/email/", {"action_add": "", "email": "uusi.osoite@example.com"}
    )
    assert response.status_code == 302
    signed_in_user.refresh_from_db()
    assert signed_in_user.email == "kayttaja@example.com"  # unchanged until verified
    [mail] = mailoutbox
    assert mail.to == ["uusi.osoite@example.com"]

    client.post(link_in(mail))

    signed_in_user.refresh_from_db()
    assert signed_in_user.email == "uusi.osoite@example.com"
    assert EmailAddress.objects.get(user=signed_in_user, primary=True).verified


def test_login_and_logout_keep_the_visitors_language(client, signed_in_user):
    response = client.post(
        "/sv/accounts/login/", {"login": signed_in_user.email, "password": PASSWORD}
    )
    assert response["Location"] == "/sv/"
    response = client.post("/sv/accounts/logout/")
    assert response["Location"] == "/sv/"
    assert "_auth_user_id" not in client.session


def test_admin_login_goes_through_allauth(client, staff_user):
    response = client.get("/admin/login/", {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/login/?next=/admin/pages/"

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/?next=/admin/")

    response = client.post(
        "/fi/accounts/login/?next=/admin/",
        {"login": staff_user.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
