"""Search in the reader's language: each page stemmed in its own language on PostgreSQL
(finnish, swedish, english), query words stripped of their endings on SQLite."""

import io

from django.core.management import call_command
from django.db import connection

import pytest

from portal import access
from portal.search_backend.stemming import query_stem
from tests.factories.events import EventPageFactory
from tests.factories.materials import MaterialIndexPageFactory, MaterialPageFactory
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stemming with PostgreSQL's text search configurations",
)
needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite FTS5 behaviour"
)


def titles(client, language: str, query: str) -> list[str]:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["results"]]


@pytest.fixture
def pages(home_pages):
    """A page in each language, with base forms in its title."""
    return {
        "fi": StandardPageFactory(
            parent=home_pages["fi"],
            title="Kotoutumisohjelma ja työllisyyspalvelut",
            intro="Kunta laatii kotoutumisohjelma-asiakirjan.",
        ),
        "sv": StandardPageFactory(
            parent=home_pages["sv"],
            title="Kommunens integrationsprogram",
            intro="Sysselsättningsområde och tjänst.",
        ),
        "en": StandardPageFactory(
            parent=home_pages["en"],
            title="International recruitment in municipalities",
            intro="Employment services and integration.",
        ),
    }


# --- On every database ------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "kotoutumisohjelman",  # genitive
        "kotoutumisohjelmassa",  # inessive
        "kotoutumisohjelmasta",  # elative
        "työllisyyspalveluiden",  # plural genitive
        "Kotoutumisohjelmaa",  # partitive, capitalised
    ],
)
def test_inflected_finnish_words_find_the_base_form(client, pages, query):
    assert titles(client, "fi", query) == [pages["fi"].title]


@pytest.mark.parametrize(
    "query",
    [
        "kommunernas",  # plural definite genitive
        "kommunerna",  # plural definite
        "kommuner",  # plural
        "integrationsprogrammet",  # definite neuter
        "sysselsättningsområdena",  # plural definite
        "tjänsterna",  # plural definite
    ],
)
def test_inflected_swedish_words_find_the_base_form(client, pages, query):
    assert titles(client, "sv", query) == [pages["sv"].title]


@pytest.mark.parametrize("query", ["municipality", "recruiting", "service"])
def test_english_words_find_their_other_forms(client, pages, query):
    assert titles(client, "en", query) == [pages["en"].title]


def test_several_inflected_words_must_all_match(client, pages):
    assert titles(client, "fi", "kotoutumisohjelman työllisyyspalveluista") == [
        pages["fi"].title
    ]
    assert titles(client, "fi", "kotoutumisohjelman kommunerna") == []


def test_stemmed_search_keeps_the_audience_check(client, user_for_role, home_page):
    index = MaterialIndexPageFactory(parent=home_page)
    for audience, title in [
        (access.Audience.PUBLIC, "Kotoutumisohjelma: julkinen runko"),
        (access.Audience.MEMBERS, "Kotoutumisohjelma: jäsenten luonnos"),
    ]:
        MaterialPageFactory(parent=index, title=title, audience=audience)

    assert titles(client, "fi", "kotoutumisohjelmien") == [
        "Kotoutumisohjelma: julkinen runko"
    ]
    client.force_login(user_for_role("member"))
    assert sorted(titles(client, "fi", "kotoutumisohjelmien")) == [
        "Kotoutumisohjelma: julkinen runko",
        "Kotoutumisohjelma: jäsenten luonnos",
    ]


def test_stemmed_search_runs_a_bounded_number_of_queries(
    client, home_page, django_assert_max_num_queries
):
    for number in range(12):
        StandardPageFactory(
            parent=home_page, title=f"Kotoutumisohjelma {number}", intro="Kunta."
        )
    client.get("/fi/search/", {"q": "kotoutumisohjelman"})  # warm the layout cache
    with django_assert_max_num_queries(12):
        response = client.get("/fi/search/", {"q": "kotoutumisohjelman"})
    assert response.context["results"].paginator.count == 12


def test_the_library_search_finds_inflected_words_too(client, home_page):
    index = MaterialIndexPageFactory(parent=home_page)
    MaterialPageFactory(parent=index, title="Kotoutumisohjelman runko")
    response = client.get(index.url, {"q": "kotoutumisohjelmassa"})
    assert "Kotoutumisohjelman runko" in response.content.decode()


@pytest.mark.parametrize(
    ("word", "language", "stem"),
    [
        ("kotoutumisohjelman", "fi", "kotoutumisohjelm"),
        ("kotoutumisohjelmaan", "fi", "kotoutumisohjelm"),
        ("työllisyysalueelle", "fi", "työllisyysalu"),
        ("kunnissa", "fi", "kunn"),
        ("opas", "fi", "opas"),  # nothing that is an ending
        ("kommunernas", "sv", "kommun"),
        ("integrationsprogrammet", "sv", "integrationsprogram"),
        ("process", "sv", "proces"),  # no genitive s after s
        ("municipalities", "en", "municipalit"),
        ("koto24", "fi", "koto24"),  # not ending in letters
        ("Kotoutuminen", "de", "kotoutuminen"),  # no rules: lower case only
    ],
)
def test_query_stem_removes_the_languages_endings(word, language, stem):
    assert query_stem(word, language) == stem


def test_query_stem_keeps_at_least_four_letters():
    assert query_stem("kuin", "fi") == "kuin"
    assert query_stem("talossa", "fi") == "talo"


# --- PostgreSQL -------------------------------------------------------------------


def stems(page) -> str:
    """The lexemes of the page's index entry, as PostgreSQL stored them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title::text || ' ' || body::text FROM wagtailsearch_indexentry "
            "WHERE object_id = %s AND content_type_id = %s",
            [str(page.pk), page.content_type_id],
        )
        return cursor.fetchone()[0]


@needs_postgresql
def test_each_page_is_indexed_with_its_languages_configuration(pages):
    assert "'kotoutumisohjelm'" in stems(pages["fi"])  # finnish
    assert "'kommun'" in stems(pages["sv"])  # swedish
    assert "'municip'" in stems(pages["en"])  # english


@needs_postgresql
def test_update_index_indexes_each_language_with_its_configuration(client, pages):
    call_command("update_index", stdout=io.StringIO())

    assert "'kommun'" in stems(pages["sv"])
    assert titles(client, "sv", "kommunernas") == [pages["sv"].title]
    assert titles(client, "fi", "kotoutumisohjelmassa") == [pages["fi"].title]


@needs_postgresql
def test_a_finnish_event_is_found_on_the_swedish_site_by_its_finnish_forms(
    client, event_index
):
    event = EventPageFactory(
        parent=event_index, title="Tuumaustunti kotoutumisohjelmasta", language="fi"
    )
    assert titles(client, "sv", "kotoutumisohjelman") == [event.title]


@needs_postgresql
def test_finnish_stemming_joins_forms_a_prefix_does_not(client, home_page):
    StandardPageFactory(parent=home_page, title="Kunnan tehtävät")
    assert titles(client, "fi", "kunnissa") == ["Kunnan tehtävät"]
    assert titles(client, "fi", "kunta") == ["Kunnan tehtävät"]


# --- SQLite -----------------------------------------------------------------------


@needs_sqlite
def test_on_sqlite_a_query_word_matches_words_beginning_with_its_stem(
    client, home_page
):
    StandardPageFactory(parent=home_page, title="Kotoutumisohjelmatyö")
    assert titles(client, "fi", "kotoutumisohjelman") == ["Kotoutumisohjelmatyö"]


@needs_sqlite
def test_on_sqlite_consonant_gradation_is_not_joined(client, home_page):
    StandardPageFactory(parent=home_page, title="Kunnan tehtävät")
    assert titles(client, "fi", "kunnissa") == ["Kunnan tehtävät"]
    assert titles(client, "fi", "kunta") == []


@needs_sqlite
def test_on_sqlite_the_active_languages_rules_stem_the_query(client, event_index):
    EventPageFactory(
        parent=event_index, title="Tuumaustunti kotoutumisohjelmasta", language="fi"
    )
    assert titles(client, "sv", "kotoutumisohjelman") == []
