"""Security keys and passkeys (WebAuthn) in a real browser with Chromium's virtual
authenticator: a staff member who must set up a second factor adds a passkey, reaches the
admin, and later signs in with the passkey alone – under the site's Content Security Policy."""

import pytest

from tests.browser import browser  # noqa: F401
from tests.portal.test_browser_policy import LISTEN_FOR_VIOLATIONS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.usefixtures("transactional_site"),
]

PASSWORD = "Kotoutuminen-2025!"


@pytest.fixture
def editor(transactional_site, settings):
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    from network.roles import EDITORS_GROUP
    from portal.models import User

    settings.PORTAL_STAFF_MFA_REQUIRED = True
    user = User.objects.create_user(
        email="toimittaja@muutostuki.example",
        password=PASSWORD,
        first_name="Elina",
        last_name="Saarinen",
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def sign_in_with_password(page, base: str, user) -> None:
    page.goto(base + "/fi/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]:not(#passkey_login)")
    page.wait_for_load_state()


def test_a_passkey_is_set_up_and_then_signs_staff_in(
    browser,  # noqa: F811
    live_server,
    editor,
):
    from allauth.mfa.models import Authenticator

    base = live_server.url
    context = browser.new_context()
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    try:
        sign_in_with_password(page, base, editor)
        assert "/fi/accounts/2fa/" in page.url  # sent to set up a second factor
        page.goto(base + "/admin/")
        assert "/fi/accounts/2fa/" in page.url

        page.goto(base + "/fi/accounts/2fa/webauthn/add/")
        if "/reauthenticate/" in page.url:  # adding a factor asks for the password
            page.fill("input[name=password]", PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_url("**/2fa/webauthn/add/**")
        page.fill("input[name=name]", "Kannettavan avain")
        page.check("input[name=passwordless]")
        with page.expect_navigation():
            page.click("#mfa_webauthn_add")
        assert Authenticator.objects.filter(user=editor, type="webauthn").exists()
        violations = page.evaluate("window.__cspViolations")

        page.goto(base + "/admin/")
        assert page.url == base + "/admin/"

        page.goto(base + "/fi/network/account/")
        page.click("form[action='/fi/accounts/logout/'] button")
        page.wait_for_load_state()
        page.goto(base + "/fi/accounts/login/")
        with page.expect_navigation():
            page.click("#passkey_login")
        violations += page.evaluate("window.__cspViolations")
        page.goto(base + "/admin/")
        assert page.url == base + "/admin/"
    finally:
        context.close()
    assert violations == []
    assert errors == []
