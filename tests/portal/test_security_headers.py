"""The browser-side protection on every response: a Content Security Policy per area
(the site with nonces, the admin with what Wagtail needs), Permissions-Policy,
Cross-Origin-Opener-Policy, and a favicon instead of a 404 on every page."""

import re

import pytest

from tests.portal.test_settings import loaded_settings

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (
            part.split() for part in policy.split(";") if part.strip()
        )
    }


@pytest.mark.parametrize("url", ["/fi/", "/fi/accounts/login/", "/fi/ei-ole/"])
def test_the_site_allows_only_its_own_files_and_the_nonce(client, home_page, url):
    response = client.get(url)
    policy = directives(response)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)

    for kind in ("script-src", "style-src"):
        assert policy[kind] == ["'self'", f"'nonce-{nonce}'"], kind
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]


def test_each_response_has_a_nonce_of_its_own(client, home_page):
    first = directives(client.get("/fi/"))["script-src"]
    second = directives(client.get("/fi/"))["script-src"]
    assert first != second


def test_the_admin_has_its_own_policy(client, superuser):
    client.force_login(superuser)
    policy = directives(client.get("/admin/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


def test_permissions_and_opener_policies(client, home_page):
    response = client.get("/fi/")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(
        part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
    )
    assert features["camera"] == "()"
    assert features["geolocation"] == "()"
    assert features["publickey-credentials-get"] == "(self)"


def test_a_redirect_without_a_body_gets_no_policy(client, home_page):
    """A browser renders nothing of a bare redirect; the page it leads to has its
    policy. A page and a redirect with a body keep theirs."""
    redirect = client.get("/")
    assert redirect.status_code == 302
    assert redirect.content == b""
    assert "Content-Security-Policy" not in redirect
    assert redirect["Permissions-Policy"]
    followed = client.get(redirect["Location"])
    assert followed.status_code == 200
    assert "Content-Security-Policy" in followed


def test_a_redirect_with_a_body_keeps_its_policy(rf):
    from django.http import HttpResponse

    from portal.middleware import BrowserPolicyMiddleware

    def moved(request):
        response = HttpResponse("<p>Moved</p>", status=302)
        response["Location"] = "/fi/"
        return response

    response = BrowserPolicyMiddleware(moved)(rf.get("/fi/old/"))
    assert "Content-Security-Policy" in response


def test_the_favicon_is_served_and_linked(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    # Reading the file closes it (a second close would end the test's database
    # connection: Django's request_finished closes connections in a transaction).
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")
    html = client.get("/fi/").content.decode()
    assert 'rel="icon" href="/favicon.ico"' in html
    svg = client.get(re.search(r'rel="icon" href="([^"]+\.svg)"', html).group(1))
    assert svg.status_code == 200
    assert b"<svg" in b"".join(svg.streaming_content)


def test_the_report_address_is_optional(tmp_path):
    env = {"SECRET_KEY": "x" * 60, "PORTAL_DATA_DIR": str(tmp_path)}
    names = ("CONTENT_SECURITY_POLICY", "PORTAL_ADMIN_CONTENT_SECURITY_POLICY")
    without = loaded_settings("portal.settings.production", *names, **env)
    assert "report-uri" not in without["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    report = "https://csp.muutostuki.example/report"
    found = loaded_settings(
        "portal.settings.production", *names, PORTAL_CSP_REPORT_URI=report, **env
    )
    assert found["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["report-uri"] == [report]
    assert found["PORTAL_ADMIN_CONTENT_SECURITY_POLICY"]["report-uri"] == [report]


@pytest.mark.parametrize(
    ("module", "required"),
    [("portal.settings.production", True), ("portal.settings.dev", False)],
)
def test_staff_mfa_is_required_in_production_and_not_in_development(
    tmp_path, module, required
):
    values = loaded_settings(
        module,
        "PORTAL_STAFF_MFA_REQUIRED",
        SECRET_KEY="x" * 60,
        PORTAL_DATA_DIR=str(tmp_path),
    )
    assert values["PORTAL_STAFF_MFA_REQUIRED"] is required
