"""The base layout in a real browser: no axe-core WCAG 2.1 A/AA violations, usable without
JavaScript, and a language switcher that keeps the reader on the page. (Every kind of page
at 320 px: tests/test_page_kinds.py.)"""

import pytest

from portal.demo import loader as demo
from tests.browser import axe_violations, browser, session_cookie_for  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]


@pytest.fixture
def demo_content(transactional_site):
    demo.seed(log=lambda line: None)


AXE_PATHS = [
    "/fi/",
    "/sv/",
    "/en/",
    "/fi/tietoa-muutostuesta/",
    "/sv/om-forandringsstodet/koto24/",
    "/fi/tietosuojaseloste/",
    "/fi/search/?q=kotoutuminen",
    "/sv/search/?q=",
    "/fi/accounts/login/",
    "/sv/accounts/signup/",
    "/fi/accounts/password/reset/",
    "/fi/accounts/login/code/",
]


def test_pages_have_no_axe_violations(browser, live_server, demo_content):  # noqa: F811
    """One live server for all pages (building the site is the slow part)."""
    violations = {
        path: axe_violations(browser, live_server.url + path) for path in AXE_PATHS
    }
    assert {path: found for path, found in violations.items() if found} == {}


def test_account_management_pages_have_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    client,
    django_user_model,
):
    user = django_user_model.objects.create_user(
        email="saavutettava@example.com", password="Kotoutuminen-2025!"
    )
    cookies = session_cookie_for(client, user, live_server.url)
    violations = {
        path: axe_violations(browser, live_server.url + path, cookies=cookies)
        for path in [
            "/fi/accounts/email/",
            "/sv/accounts/password/change/",
            "/fi/accounts/logout/",
        ]
    }
    assert {path: found for path, found in violations.items() if found} == {}


def test_not_found_page_has_no_axe_violations(browser, live_server):  # noqa: F811
    url = live_server.url + "/fi/ei-ole-olemassa/"
    assert axe_violations(browser, url, expect_status=404) == []


def test_sign_up_errors_have_no_axe_violations(browser, live_server):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live_server.url + "/fi/accounts/signup/")
        page.fill("#id_email", "ei-osoite")
        page.click("main form button[type=submit]")
        page.wait_for_selector("[aria-invalid=true]")
        from axe_playwright_python.sync_playwright import Axe

        from tests.browser import WCAG_TAGS

        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        assert results.response["violations"] == []
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_failed_sign_up_moves_the_focus_to_the_error_summary(
    browser,  # noqa: F811
    live_server,
    javascript,
):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/fi/accounts/signup/")
        page.fill("#id_email", "ei-osoite")
        page.click("main form button[type=submit]")
        page.wait_for_selector(".error-summary")
        focused = page.evaluate("document.activeElement.className")
        assert focused == "error-summary"
        assert page.title().startswith("Virhe: ")
        if javascript:
            page.click(".error-summary a[href='#id_email']")
            assert page.evaluate("document.activeElement.id") == "id_email"
    finally:
        context.close()


def test_search_and_login_work_without_javascript(
    browser,  # noqa: F811
    live_server,
    demo_content,
    django_user_model,
):
    django_user_model.objects.create_user(
        email="ilman.skriptia@example.com", password="Kotoutuminen-2025!"
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=django_user_model.objects.get(email="ilman.skriptia@example.com"),
        email="ilman.skriptia@example.com",
        primary=True,
        verified=True,
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/fi/")
        page.fill("#header-search-q", "työllisyyspalvelut")
        page.click(".header-search button")
        assert page.url.endswith("/fi/search/?q=ty%C3%B6llisyyspalvelut")
        assert page.is_visible("text=TE24 – työllisyyspalvelujen uudistus")

        page.click("text=Kirjaudu sisään")
        page.fill("#id_login", "ilman.skriptia@example.com")
        page.fill("#id_password", "Kotoutuminen-2025!")
        page.click("main form button[type=submit]")
        assert page.is_visible("header >> text=Kirjaudu ulos")
    finally:
        context.close()


def test_language_switcher_keeps_the_reader_on_the_translated_page(
    browser,  # noqa: F811
    live_server,
    demo_content,
):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live_server.url + "/fi/tietoa-muutostuesta/koto24/")
        page.click(".language-switcher >> text=Svenska")
        assert page.url == live_server.url + "/sv/om-forandringsstodet/koto24/"
        assert page.get_attribute("html", "lang") == "sv"
        assert page.inner_text("h1") == "KOTO24 – reformen av integrationslagen"
        page.click(".language-switcher >> text=English")
        assert page.url == live_server.url + "/en/about/koto24/"
        assert page.get_attribute("html", "lang") == "en"
    finally:
        context.close()
