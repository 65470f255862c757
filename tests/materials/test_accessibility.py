"""Every page type of materials passes axe-core's WCAG 2.1 A/AA checks in fi, sv and en."""

import pytest

from materials.demo import loader as demo
from materials.models import (
    Expert,
    ExpertIndexPage,
    FaqPage,
    MaterialIndexPage,
    MaterialPage,
    NewsIndexPage,
    NewsPage,
    QuestionFormPage,
)
from portal.demo import loader as portal_demo
from tests.browser import axe_violations, browser, session_cookie_for  # noqa: F401
from tests.factories.network import make_pending
from tests.factories.portal import UserFactory, translate

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]


@pytest.fixture
def knowledge_base(transactional_site) -> None:
    """The demo content in fi, sv and en, and English versions of each page type the
    English demo does not translate."""
    portal_demo.seed(log=lambda line: None)
    demo.seed(log=lambda line: None)

    def in_english(page, **fields) -> None:
        if not page.get_translations().filter(locale__language_code="en").exists():
            translate(page, "en", **fields)

    for model in (MaterialIndexPage, FaqPage, ExpertIndexPage, NewsIndexPage):
        in_english(model.objects.get(locale__language_code="fi"))
    in_english(
        MaterialPage.objects.get(
            slug="kotoutumisohjelman-laatimisen-opas", locale__language_code="fi"
        ),
        title="Guide to drawing up the integration programme",
    )
    in_english(QuestionFormPage.objects.get(locale__language_code="fi"))
    in_english(
        NewsPage.objects.get(
            slug="kotoutumislaki-uudistui", locale__language_code="fi"
        ),
        title="The integration act was reformed",
    )


def page_urls(language: str) -> list[str]:
    def one(model, **filters) -> str:
        pages = model.objects.filter(locale__language_code=language, **filters)
        return pages.order_by("path").first().url

    library = one(MaterialIndexPage)
    urls = [
        f"/{language}/",
        library,
        f"{library}?type=guide&type=good_practice&sort=title",
        f"{library}?q=olematonsanaxyz",
        one(MaterialPage, material_type="guide"),
        one(FaqPage),
        f"{one(FaqPage)}?q=korvaus",
        one(QuestionFormPage),
        one(ExpertIndexPage),
        f"/{language}/materials/experts/{Expert.objects.first().slug}/",
        one(NewsIndexPage),
        one(NewsPage, news_type="news"),
    ]
    if language == "fi":
        urls.append(one(MaterialPage, slug="infokirje-laskennalliset-korvaukset"))
    return urls


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_knowledge_base_pages_have_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    knowledge_base,
    language,
):
    violations = {
        url: found
        for url in page_urls(language)
        if (found := axe_violations(browser, live_server.url + url))
    }
    assert violations == {}


def test_refused_document_page_has_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    knowledge_base,
    client,
):
    material = MaterialPage.objects.get(
        slug="tyollisyysalueen-sopimusluonnos-jasenille"
    )
    document = material.attachments[0].value["document"]
    pending = make_pending(user=UserFactory(email="odottaja@example.com")).user
    cookies = session_cookie_for(client, pending, live_server.url)
    url = live_server.url + document.url
    assert axe_violations(browser, url, cookies=cookies, expect_status=403) == []
