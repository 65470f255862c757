"""The pages of shared practices pass axe-core's WCAG 2.1 A/AA checks in fi and sv."""

import pytest

from forums.demo import category_themes as demo_category_themes
from forums.demo import loader as forums_demo
from materials.demo import loader as materials_demo
from materials.demo import practices as demo_practices
from materials.models import PracticePage, PracticeSubmission
from network.demo import loader as network_demo
from portal.demo import loader as portal_demo
from portal.models import User
from tests.browser import axe_violations, browser, session_cookie_for  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]


@pytest.fixture
def practices(transactional_site) -> None:
    quiet = lambda line: None  # noqa: E731
    portal_demo.seed(log=quiet)
    network_demo.seed(log=quiet)
    materials_demo.seed(log=quiet)
    forums_demo.seed(log=quiet)
    demo_category_themes.seed(log=quiet)
    demo_practices.seed(log=quiet)


def urls(language: str) -> list[str]:
    pages = PracticePage.objects.live().filter(locale__language_code=language)
    library = pages.first().get_parent().url
    changes = PracticeSubmission.objects.filter(status="changes_requested").first()
    return [
        f"/{language}/",
        library,
        f"{library}?size=under-5000&region=Pohjanmaa&similar=mine",
        *(page.url for page in pages),  # public and members-only ones
        f"/{language}/materials/practices/share/",
        f"/{language}/materials/practices/{changes.pk}/edit/",
        f"/{language}/network/account/",
    ]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_practice_pages_have_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    client,
    practices,
    language,
):
    # The member who was asked for changes, so their update form opens.
    changes = PracticeSubmission.objects.filter(status="changes_requested").first()
    member = User.objects.get(pk=changes.submitted_by_id)
    cookies = session_cookie_for(client, member, live_server.url)
    violations = {
        url: found
        for url in urls(language)
        if (found := axe_violations(browser, live_server.url + url, cookies=cookies))
    }
    assert violations == {}
