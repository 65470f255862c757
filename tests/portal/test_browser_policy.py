"""The Content Security Policy in a real browser: a representative page of each kind, the
public site's and the admin's, loads without a single CSP violation or console error."""

import io

from django.core.management import call_command

import pytest

from tests.browser import browser, session_cookie_for  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.usefixtures("transactional_site"),
]

#: Runs before any of the page's own scripts; scripts added this way are outside the CSP.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " at " +
    (event.sourceFile || "") + ":" + event.lineNumber
  );
});
"""


def problems_on(context, url: str) -> list[str]:
    """CSP violations, console errors and script errors while a page loads and settles."""
    page = context.new_page()
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"script error: {error}"))
    try:
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status < 400, (url, response)
        assert response.headers.get("content-security-policy"), url
        page.wait_for_timeout(300)
        found += page.evaluate("window.__cspViolations")
    finally:
        page.close()
    return found


@pytest.fixture
def demo_site(transactional_site):
    call_command("seed_demo", stdout=io.StringIO())


def urls_of_the_demo() -> dict[str, str]:
    from django.utils import timezone

    from events.models import EventPage
    from forums.models import Topic
    from materials.models import MaterialIndexPage
    from surveys.models import SurveyPage

    now = timezone.now()
    event = (
        EventPage.objects.live()
        .filter(locale__language_code="fi", audience="public", starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    surveys = SurveyPage.objects.live().filter(locale__language_code="fi")
    open_survey = next(s for s in surveys if s.is_open(now))
    closed_survey = next(s for s in surveys if s.is_closed(now) and s.results_published)
    library = MaterialIndexPage.objects.get(locale__language_code="fi")
    return {
        "event": event.url,
        "event_pk": str(event.pk),
        "library": library.url + "?reform=koto24",
        "topic": Topic.objects.order_by("pk").first().get_absolute_url(),
        "survey": open_survey.url,
        "results": closed_survey.url + "results/",
        "results_pk": str(closed_survey.pk),
    }


def test_pages_of_every_kind_load_without_csp_violations(
    browser,  # noqa: F811
    live_server,
    client,
    demo_site,
):
    from portal.demo.loader import accounts
    from portal.models import User

    urls = urls_of_the_demo()
    public = ["/fi/", urls["event"], urls["library"]]
    signed_in = [
        urls["topic"],  # the forum topic with the reply form
        urls["survey"],
        urls["results"],  # the results with their charts
        "/fi/network/account/",
        "/fi/accounts/2fa/",
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{urls['event_pk']}/edit/",  # the page editor
        f"/admin/events/{urls['event_pk']}/",
        f"/admin/surveys/{urls['results_pk']}/results/",
        "/admin/reports/site-history/",
        "/admin/users/",
    ]
    anonymous = browser.new_context()
    anonymous.add_init_script(LISTEN_FOR_VIOLATIONS)
    admin = browser.new_context()
    admin.add_init_script(LISTEN_FOR_VIOLATIONS)
    admin.add_cookies(
        session_cookie_for(
            client,
            User.objects.get(email=accounts()["admin"]["email"]),
            live_server.url,
        )
    )
    try:
        found = {
            path: problems_on(anonymous, live_server.url + path) for path in public
        }
        found |= {
            path: problems_on(admin, live_server.url + path) for path in signed_in
        }
    finally:
        anonymous.close()
        admin.close()
    assert {path: problems for path, problems in found.items() if problems} == {}
