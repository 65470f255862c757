"""The FAQ page: anchors, structured data, in-page search, related materials."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from portal.access import Audience
from tests.factories.materials import FaqPageFactory, MaterialPageFactory, faq_section
from tests.factories.portal import translate

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def structured_data(response) -> dict:
    script = soup_of(response).select_one('script[type="application/ld+json"]')
    return json.loads(script.string)


def questions(response) -> list[str]:
    return [h3.get_text() for h3 in soup_of(response).select(".faq-entry h3")]


def test_faq_structured_data_is_a_valid_schema_org_faq_page(client, faq_page):
    data = structured_data(client.get(faq_page.url))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert data["inLanguage"] == "fi"
    assert len(data["mainEntity"]) == 3
    first = data["mainEntity"][0]
    assert first == {
        "@type": "Question",
        "name": "Milloin kotoutumisohjelma on hyväksyttävä?",
        "url": f"{faq_page.full_url}#milloin-kotoutumisohjelma-on-hyvaksyttava",
        "acceptedAnswer": {
            "@type": "Answer",
            "text": "Kunnan on hyväksyttävä ohjelma valtuustokauden alussa.",
        },
    }


def test_faq_structured_data_cannot_break_out_of_its_script(client, home_page):
    page = FaqPageFactory(
        parent=home_page,
        sections=[
            faq_section(
                heading="Turvallisuus",
                questions=[("Mitä </script><script>alert(1)</script>?", "A &amp; B")],
            )
        ],
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html
    data = structured_data(response)
    assert data["mainEntity"][0]["name"] == "Mitä </script><script>alert(1)</script>?"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "A & B"


def test_each_question_has_a_unique_anchor_and_a_link_to_it(client, home_page):
    page = FaqPageFactory(
        parent=home_page,
        sections=[
            faq_section(
                heading="Yleistä",
                questions=[
                    ("Mikä on KOTO24?", "Uudistus."),
                    ("Mikä on KOTO24?", "Sama kysymys toisessa muodossa."),
                    {
                        "question": "Mistä rahoitus?",
                        "answer": "Valtiolta.",
                        "anchor": "raha",
                    },
                ],
            )
        ],
    )
    soup = soup_of(client.get(page.url))
    anchors = [h3["id"] for h3 in soup.select(".faq-entry h3")]
    assert anchors == ["mika-on-koto24", "mika-on-koto24-2", "raha"]
    links = [a["href"] for a in soup.select(".faq-entry__permalink")]
    assert links == [f"#{anchor}" for anchor in anchors]
    assert soup.select_one(".faq-section h2")["id"] == "yleista"


def test_faq_shows_the_review_date_and_the_groups_expert(client, faq_page, expert):
    soup = soup_of(client.get(faq_page.url))
    assert soup.select_one(".faq-entry time")["datetime"] == "2025-01-15"
    expert_link = soup.select_one(".faq-section__expert a")
    assert expert_link["href"] == expert.get_absolute_url()


def test_faq_in_page_search_filters_questions_on_the_server(client, faq_page):
    response = client.get(faq_page.url, {"q": "KORVAUKSEN"})
    assert questions(response) == ["Mistä kunta saa laskennallisen korvauksen?"]
    assert soup_of(response).select_one(".faq-search__status") is not None


def test_faq_in_page_search_matches_answers_with_all_words(client, faq_page):
    assert questions(client.get(faq_page.url, {"q": "hyvinvointialueen kunta"})) == [
        "Kuka laatii kotoutumisohjelman?"
    ]
    assert questions(client.get(faq_page.url, {"q": "hyvinvointialueen valtio"})) == []


def test_faq_filters_by_theme(client, faq_page):
    response = client.get(faq_page.url, {"theme": "kotoutumisohjelma"})
    assert questions(response) == [
        "Milloin kotoutumisohjelma on hyväksyttävä?",
        "Kuka laatii kotoutumisohjelman?",
    ]


def test_faq_without_matches_shows_an_empty_state(client, faq_page):
    soup = soup_of(client.get(faq_page.url, {"q": "tuntematon"}))
    assert soup.select(".faq-entry") == []
    assert soup.select_one(".empty-state") is not None


def test_unknown_theme_is_ignored(client, faq_page):
    assert len(questions(client.get(faq_page.url, {"theme": "ei-ole"}))) == 3


def test_related_materials_follow_their_audience(
    client, home_page, material_index, member_user
):
    secret = MaterialPageFactory(
        parent=material_index, title="Jäsenten muistio", audience=Audience.MEMBERS
    )
    page = FaqPageFactory(
        parent=home_page,
        sections=[
            faq_section(
                heading="Muistiot",
                questions=[
                    {
                        "question": "Onko muistiota?",
                        "answer": "On.",
                        "related_materials": [secret],
                        "reviewed_on": datetime.date(2025, 5, 1),
                    }
                ],
            )
        ],
    )
    assert soup_of(client.get(page.url)).select(".faq-entry__related") == []
    client.force_login(member_user)
    related = soup_of(client.get(page.url)).select(".faq-entry__related a")
    assert [a.get_text() for a in related] == ["Jäsenten muistio"]


def test_faq_links_to_the_question_form(client, faq_page, question_page):
    soup = soup_of(client.get(faq_page.url))
    assert soup.select_one(".cta a")["href"] == question_page.url


def with_block_ids(section: dict, prefix: str) -> dict:
    """A group's raw data with ids on its questions, as the admin saves them."""
    questions = section["value"]["questions"]
    section["value"]["questions"] = [
        {"type": "item", "id": f"{prefix}-{number}", "value": question}
        for number, question in enumerate(questions)
    ]
    return section


def test_swedish_faq_shows_the_finnish_questions_it_lacks_marked_finnish(
    client, home_page, home_pages
):
    from django.utils import translation

    finnish = FaqPageFactory(
        parent=home_page,
        sections=[
            with_block_ids(
                faq_section(
                    heading="Ohjelma",
                    questions=[
                        ("Mikä on ohjelma?", "Suunnitelma."),
                        ("Kuka?", "Kunta."),
                    ],
                ),
                "a",
            ),
            with_block_ids(
                faq_section(heading="Rahoitus", questions=[("Mistä raha?", "Valtio.")]),
                "b",
            ),
        ],
    )
    swedish = translate(finnish, "sv", title="Vanliga frågor", slug="vanliga-fragor")
    own = with_block_ids(
        faq_section(
            heading="Programmet", questions=[("Vad är programmet?", "En plan.")]
        ),
        "a",
    )
    swedish.sections = [own]
    swedish.save_revision().publish()

    with translation.override("fi"):
        soup = soup_of(client.get(swedish.url))

    assert [h.get_text() for h in soup.select(".faq-section > .faq-entry h3")] == [
        "Vad är programmet?"
    ]
    part = soup.select_one(".faq-untranslated")
    assert "Frågor bara på finska" in part.h2.get_text()
    assert part.h2.get("lang") is None
    questions = part.select("h4")
    assert [h.get_text() for h in questions] == ["Kuka?", "Mistä raha?"]
    assert {h["lang"] for h in questions} == {"fi"}
    assert {div["lang"] for div in part.select(".rich-text")} == {"fi"}
    anchors = [tag["id"] for tag in soup.select("[id]")]
    assert len(anchors) == len(set(anchors))
    # The Finnish page has no such part.
    assert soup_of(client.get(finnish.url)).select_one(".faq-untranslated") is None
