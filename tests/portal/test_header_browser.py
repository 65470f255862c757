"""The header in a real browser: every control readable in every state, and a menu that
folds away on small screens and opens without JavaScript."""

import pytest

from portal.demo import loader as demo
from tests.browser import browser, contrast_failures, session_cookie_for  # noqa: F401
from tests.factories.network import make_member
from tests.factories.portal import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]

LANGUAGES = ["fi", "sv", "en"]


@pytest.fixture
def header_people(transactional_site):
    demo.seed(log=lambda line: None)
    member = make_member(user=UserFactory(email="otsake.jasen@hel.fi")).user
    staff = UserFactory(email="otsake.toimisto@muutostuki.example", is_staff=True)
    return {"anonymous": None, "member": member, "staff": staff}


def open_page(browser, live_server, client, user, *, width, path):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    if user is not None:
        context.add_cookies(session_cookie_for(client, user, live_server.url))
    page = context.new_page()
    response = page.goto(live_server.url + path)
    assert response.status == 200, path
    return context, page


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 320])
def test_every_header_control_has_enough_contrast_in_every_state(
    browser,  # noqa: F811
    live_server,
    client,
    header_people,
    width,
):
    failures = {}
    for role, user in header_people.items():
        for language in LANGUAGES:
            context, page = open_page(
                browser, live_server, client, user, width=width, path=f"/{language}/"
            )
            try:
                if width < 768:
                    page.click(".site-menu__toggle")
                found = contrast_failures(page, ".site-header, .skip-link")
                if found:
                    failures[f"{role} /{language}/"] = found
            finally:
                context.close()
    assert failures == {}


def test_signed_in_header_shows_the_log_out_button(
    browser,  # noqa: F811
    live_server,
    client,
    header_people,
):
    context, page = open_page(
        browser, live_server, client, header_people["member"], width=1280, path="/fi/"
    )
    try:
        button = page.locator(".site-header button.link-button")
        assert button.inner_text() == "Kirjaudu ulos"
        colours = button.evaluate(
            "element => [getComputedStyle(element).color,"
            " getComputedStyle(element).backgroundColor]"
        )
        assert colours == ["rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"]
    finally:
        context.close()


def test_small_screen_menu_is_folded_and_opens_without_javascript(
    browser,  # noqa: F811
    live_server,
    header_people,
):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/fi/")
        header_height = page.locator(".site-header").bounding_box()["height"]
        assert header_height < 160, f"the folded header is {header_height} px high"
        assert page.is_visible(".language-switcher >> text=Svenska")
        assert not page.is_visible(".main-nav")
        assert not page.is_visible("#header-search-q")

        page.click(".site-menu__toggle")
        assert page.is_visible(".main-nav >> text=Tietoa muutostuesta")
        page.fill("#header-search-q", "kotoutuminen")
        page.click(".header-search button")
        assert page.url.endswith("/fi/search/?q=kotoutuminen")
    finally:
        context.close()


def test_wide_screen_shows_the_menu_without_a_toggle(
    browser,  # noqa: F811
    live_server,
    header_people,
):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/sv/")
        assert not page.is_visible(".site-menu__toggle")
        assert page.is_visible(".main-nav >> text=Om förändringsstödet")
        assert page.is_visible("#header-search-q")
        assert page.is_visible(".site-header >> text=Logga in")
        header_height = page.locator(".site-header").bounding_box()["height"]
        assert header_height < 200, f"the header is {header_height} px high"
    finally:
        context.close()
