"""axe-core finds no WCAG 2.1 A/AA violations on My account and the member directory."""

import pytest

from tests.browser import axe_violations, browser, session_cookie_for  # noqa: F401
from tests.factories.network import make_member, make_pending, municipality
from tests.factories.portal import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]


@pytest.fixture
def member(transactional_site):
    for n, code in enumerate(["564", "905", "091"]):
        make_member(
            user=UserFactory(email=f"listattu{n}@example.com"),
            municipality=municipality(code),
            is_listed_in_directory=True,
            is_koto24_preparer=True,
            languages=["fi", "sv"],
        )
    return make_member(user=UserFactory(email="katsoja@hel.fi")).user


@pytest.mark.parametrize(
    "path",
    [
        "/fi/network/account/",
        "/sv/network/account/",
        "/fi/network/members/",
        "/fi/network/members/?role=koto24",
        "/fi/network/account/delete/",
    ],
)
def test_member_pages_have_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    client,
    member,
    path,
):
    cookies = session_cookie_for(client, member, live_server.url)
    assert axe_violations(browser, live_server.url + path, cookies=cookies) == []


def test_pending_account_page_has_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    client,
):
    user = make_pending(user=UserFactory(email="odottava@example.com")).user
    cookies = session_cookie_for(client, user, live_server.url)
    url = live_server.url + "/fi/network/account/"
    assert axe_violations(browser, url, cookies=cookies) == []
