"""Free-text search of the library (and of the site) over titles, summaries, bodies and
document titles. Inflected forms: PostgreSQL's "finnish" configuration, SQLite's query
words stripped of their endings (tests/portal/test_search_languages.py)."""

from django.db import connection

import pytest
from bs4 import BeautifulSoup

from materials.models import MaterialPage
from portal.access import Audience
from tests.factories.materials import DocumentFactory, MaterialPageFactory, attachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist(material_index):
    return MaterialPageFactory(
        parent=material_index,
        title="Sopimusmalli työllisyysalueelle",
        slug="sopimusmalli",
        summary="Kuntalain 54 §:n mukainen malli yhteistoimintasopimukseksi.",
        body=[
            {
                "type": "paragraph",
                "value": "<p>Mallissa on valmiit kohdat vastuukunnan tehtäville.</p>",
            }
        ],
        attachments=[attachment(DocumentFactory(title="Allekirjoitustarkistuslista"))],
    )


def found(client, index, query: str, **params) -> list[str]:
    response = client.get(index.url, {"q": query, **params})
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".material-card__title a")]


@pytest.mark.parametrize(
    "query",
    [
        "työllisyysalueelle",  # title
        "yhteistoimintasopimukseksi",  # summary
        "vastuukunnan",  # body
        "allekirjoitustarkistuslista",  # document title
        "SOPIMUSMALLI",  # any case
    ],
)
def test_search_finds_words_in_every_searchable_part(client, checklist, guide, query):
    assert found(client, checklist.get_parent(), query) == [checklist.title]


def test_search_matches_the_beginning_of_a_word_in_titles(client, checklist, guide):
    assert found(client, guide.get_parent(), "kotoutumisohj") == [guide.title]


def test_search_combines_with_filters(client, checklist, guide):
    index = guide.get_parent()
    assert found(client, index, "opas", type="guide") == [guide.title]
    assert found(client, index, "opas", type="contract_template") == []


def test_search_leaves_out_what_the_user_may_not_see(
    client, material_index, member_user
):
    MaterialPageFactory(
        parent=material_index,
        title="Valmistelijoiden sisäinen muistio",
        audience=Audience.MEMBERS,
    )
    assert found(client, material_index, "muistio") == []
    client.force_login(member_user)
    assert found(client, material_index, "muistio") == [
        "Valmistelijoiden sisäinen muistio"
    ]


def test_matching_queryset_method_keeps_other_filters(checklist, guide):
    matches = MaterialPage.objects.filter(material_type="guide").matching("opas")
    assert list(matches) == [guide]
    assert MaterialPage.objects.matching("   ").count() == 2


def test_site_search_finds_materials_and_faq_answers(client, guide, faq_page):
    response = client.get("/fi/search/", {"q": "hyvinvointialueen"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text() for a in soup.select(".search-results a")] == [faq_page.title]
    response = client.get("/fi/search/", {"q": "hyväksymiseen"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text() for a in soup.select(".search-results a")] == [guide.title]


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query", ["kotoutumisohjelma", "kotoutumisohjelmasta", "kotoutumisohjelmaan"]
)
def test_search_finds_inflected_finnish_words_on_postgresql(client, guide, query):
    if connection.vendor != "postgresql":
        pytest.skip("Finnish stemming needs PostgreSQL (SEARCH_CONFIG 'finnish')")
    assert found(client, guide.get_parent(), query) == [guide.title]
