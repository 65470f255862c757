"""A small knowledge base in Finnish: library, material, FAQ, question form, experts, news."""

import datetime

import pytest

from portal.models import Theme
from tests.factories.materials import (
    DocumentFactory,
    ExpertFactory,
    ExpertIndexPageFactory,
    FaqPageFactory,
    MaterialPageFactory,
    NewsPageFactory,
    QuestionFormPageFactory,
    attachment,
    external_link,
    faq_section,
)
from tests.factories.network import municipality


@pytest.fixture
def themes(db) -> dict[str, Theme]:
    return {theme.slug: theme for theme in Theme.objects.all()}


@pytest.fixture
def expert(themes):
    return ExpertFactory(
        name="Aino Asiantuntija",
        slug="aino-asiantuntija",
        title_fi="Lakiasiantuntija",
        title_sv="Juridisk sakkunnig",
        title_en="Legal adviser",
        themes=[themes["juridiikka"], themes["kotoutumisohjelma"]],
    )


@pytest.fixture
def guide_document(db):
    return DocumentFactory(title="Kotoutumisohjelman laatimisen opas (PDF)")


@pytest.fixture
def guide(material_index, guide_document, expert, themes):
    return MaterialPageFactory(
        parent=material_index,
        title="Kotoutumisohjelman laatimisen opas",
        slug="kotoutumisohjelman-opas",
        material_type="guide",
        reform="koto24",
        summary="Opas kunnille kotoutumisohjelman valmisteluun ja hyväksymiseen.",
        published_on=datetime.date(2025, 2, 3),
        updated_on=datetime.date(2025, 4, 1),
        expert=expert,
        attachments=[
            attachment(guide_document, description="Versio 1.1"),
            external_link("https://kotoutuminen.fi/", "Kotoutuminen.fi"),
        ],
        themes=[themes["kotoutumisohjelma"]],
    )


@pytest.fixture
def good_practice(material_index, themes):
    return MaterialPageFactory(
        parent=material_index,
        title="Tampereen monikielinen neuvonta",
        slug="tampereen-neuvonta",
        material_type="good_practice",
        municipality=municipality("837"),
        summary="Näin Tampere järjesti monikielisen neuvonnan.",
        published_on=datetime.date(2024, 10, 1),
        valid_until_on=datetime.date(2024, 12, 31),
        themes=[themes["ohjaus-ja-neuvonta"]],
    )


@pytest.fixture
def faq_page(home_page, expert, themes, guide):
    return FaqPageFactory(
        parent=home_page,
        intro="Vastauksia kuntien kysymyksiin.",
        sections=[
            faq_section(
                theme=themes["kotoutumisohjelma"],
                expert=expert,
                questions=[
                    {
                        "question": "Milloin kotoutumisohjelma on hyväksyttävä?",
                        "answer": "Kunnan on hyväksyttävä ohjelma <b>valtuustokauden</b>"
                        " alussa.",
                        "related_materials": [guide],
                    },
                    (
                        "Kuka laatii kotoutumisohjelman?",
                        "Kunta yhdessä hyvinvointialueen kanssa.",
                    ),
                ],
            ),
            faq_section(
                theme=themes["rahoitus-ja-korvaukset"],
                questions=[
                    (
                        "Mistä kunta saa laskennallisen korvauksen?",
                        "Valtio maksaa korvauksen KEHA-keskuksen kautta.",
                    )
                ],
            ),
        ],
    )


@pytest.fixture
def question_page(faq_page):
    return QuestionFormPageFactory(parent=faq_page)


@pytest.fixture
def expert_index(home_page):
    return ExpertIndexPageFactory(parent=home_page)


@pytest.fixture
def news_item(news_index, expert, themes):
    return NewsPageFactory(
        parent=news_index,
        title="Kotoutumislain uudistus voimaan",
        slug="kotoutumislaki-voimaan",
        news_type="news",
        summary="Uusi kotoutumislaki tuli voimaan vuoden alussa.",
        published_on=datetime.date(2025, 1, 2),
        author_expert=expert,
        themes=[themes["kotoutumisohjelma"]],
    )
