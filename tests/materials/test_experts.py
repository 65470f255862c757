"""The expert directory and each expert's page of responsibilities."""

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from materials import services
from portal.access import Audience
from tests.factories.materials import (
    ExpertFactory,
    MaterialPageFactory,
    NewsPageFactory,
)
from tests.factories.portal import translate

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".expert-card__name a")]


def test_directory_lists_experts_and_filters_by_theme(
    client, expert_index, expert, themes
):
    ExpertFactory(
        name="Bertil Bäck",
        slug="bertil-back",
        sort_order=10,
        themes=[themes["viestinta"]],
    )
    assert names(client.get(expert_index.url)) == ["Bertil Bäck", "Aino Asiantuntija"]
    assert names(client.get(expert_index.url, {"theme": "viestinta"})) == [
        "Bertil Bäck"
    ]
    empty = client.get(expert_index.url, {"theme": "tietojarjestelmat"})
    assert names(empty) == []
    assert BeautifulSoup(empty.content, "html.parser").select_one(".empty-state")


def test_expert_page_lists_materials_faq_themes_and_other_pages(
    client, expert, guide, faq_page, news_item, material_index
):
    MaterialPageFactory(
        parent=material_index,
        title="Jäsenten luonnos",
        expert=expert,
        audience=Audience.MEMBERS,
    )
    response = client.get(expert.get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text() for a in soup.select(".material-card__title a")] == [
        guide.title
    ]
    faq_link = soup.select_one('section[aria-labelledby="faq-heading"] a')
    assert faq_link["href"] == f"{faq_page.url}#theme-kotoutumisohjelma"
    assert soup.select_one("#group-heading-1").get_text() == "Uutiset"
    assert soup.select_one('section[aria-labelledby="group-heading-1"] a')["href"] == (
        news_item.url
    )


def test_expert_responsibilities_come_from_the_reference_index(
    expert, guide, faq_page, news_item, locales
):
    found = services.expert_responsibilities(
        expert=expert, user=None, locale=locales["fi"]
    )
    assert found.materials == [guide]
    assert [(page, section.heading) for page, section in found.faq_sections] == [
        (faq_page, "Kotoutumisohjelma")
    ]
    with translation.override("en"):
        assert [(group.label, group.pages) for group in found.other_pages] == [
            ("news items", [news_item])
        ]
    in_swedish = services.expert_responsibilities(
        expert=expert, user=None, locale=locales["sv"]
    )
    assert in_swedish.is_empty


def test_expert_page_shows_only_visible_and_live_pages(client, expert, news_index):
    NewsPageFactory(parent=news_index, author_expert=expert, audience=Audience.MEMBERS)
    NewsPageFactory(parent=news_index, author_expert=expert, live=False)
    response = client.get(expert.get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select('section[aria-labelledby^="group-heading"]') == []


def test_expert_page_shows_contact_details_and_languages(client, expert):
    soup = BeautifulSoup(
        client.get(f"/en{expert.get_absolute_url()[3:]}").content, "html.parser"
    )
    assert soup.select_one('a[href^="mailto:"]').get_text() == expert.email
    assert soup.select_one('a[href^="tel:"]')["href"] == "tel:+358295000000"
    assert "Finnish, Swedish" in soup.get_text()


def test_expert_page_links_back_to_the_directory(client, expert, expert_index):
    sv_index = translate(expert_index, "sv", title="Sakkunniga")
    soup = BeautifulSoup(
        client.get(f"/sv/materials/experts/{expert.slug}/").content, "html.parser"
    )
    crumbs = [a["href"] for a in soup.select(".breadcrumbs a")]
    assert crumbs == ["/sv/", sv_index.url]


def test_unknown_expert_is_not_found(client):
    assert client.get("/fi/materials/experts/ei-ketaan/").status_code == 404
