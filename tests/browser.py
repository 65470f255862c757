"""Headless Chromium with axe-core for the accessibility checks (marker `browser`)."""

import os
import shutil

import pytest

CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str | None:
    for path in CHROMIUM_PATHS:
        if shutil.which(path):
            return path
    return None


# One Playwright and one Chromium per test process. Each test module imports `browser`,
# which gives pytest one session fixture per module; a second `sync_playwright()` while
# the first still runs fails ("Sync API inside the asyncio loop"), so they share these.
_shared: dict = {"users": 0}


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium, or a skip with the reason when none can run here."""
    path = chromium_path()
    if path is None:
        pytest.skip(
            "Debian's chromium is not installed (make test installs it as root)"
        )
    if _shared["users"] == 0:
        from playwright.sync_api import sync_playwright

        # Playwright's sync API runs an event loop in this thread; the live server's
        # database calls happen in its own thread, so Django's async guard is moot.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS
        )
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if _shared["users"] == 0:
            _shared.pop("browser").close()
            _shared.pop("playwright").stop()


def axe_violations(
    browser,
    url: str,
    *,
    cookies: list[dict] | None = None,
    expect_status: int | None = None,
) -> list[dict]:
    """Load a URL and return axe-core's WCAG 2.1 A/AA violations (empty when clean).

    The page must answer below 400, or exactly `expect_status` (e.g. 404 for the error page).
    """
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None, url
        if expect_status is None:
            assert response.status < 400, f"{url}: {response.status}"
        else:
            assert response.status == expect_status, f"{url}: {response.status}"
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        return [
            {
                "id": v["id"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]],
            }
            for v in results.response["violations"]
        ]
    finally:
        context.close()


def session_cookie_for(client, user, live_server_url: str) -> list[dict]:
    """A Playwright cookie that logs the browser in as `user` on the live server."""
    client.force_login(user)
    from django.conf import settings

    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server_url,
        }
    ]
