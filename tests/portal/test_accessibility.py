"""axe-core finds no WCAG 2.1 A/AA violations on the portal's core pages."""

import pytest

from tests.browser import axe_violations, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]


@pytest.mark.parametrize(
    "path", ["/fi/", "/sv/", "/fi/search/?q=kotoutuminen", "/fi/accounts/login/"]
)
def test_page_has_no_axe_violations(browser, live_server, path):  # noqa: F811
    assert axe_violations(browser, live_server.url + path) == []
