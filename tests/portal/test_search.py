"""Site search: finds pages in the active language, pages results, refuses bad input."""

import pytest

from portal import access
from portal.views import SEARCH_RESULTS_PER_PAGE
from tests.factories.portal import StandardPageFactory, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def integration_pages(home_page):
    pages = [
        StandardPageFactory(
            parent=home_page,
            title=f"Kotoutumisohjelma {number}",
            intro="Kunnan kotoutumisohjelman valmistelu.",
        )
        for number in range(SEARCH_RESULTS_PER_PAGE + 2)
    ]
    StandardPageFactory(parent=home_page, title="Työllisyysalueet", intro="TE24.")
    return pages


def titles(response) -> list[str]:
    return [page.title for page in response.context["results"]]


def test_search_finds_pages_and_pages_the_results(client, integration_pages):
    first = client.get("/fi/search/", {"q": "kotoutumisohjelma"})
    assert first.status_code == 200
    assert first.context["results"].paginator.count == len(integration_pages)
    assert len(titles(first)) == SEARCH_RESULTS_PER_PAGE
    assert "Työllisyysalueet" not in titles(first)
    assert 'rel="next"' in first.content.decode()

    second = client.get("/fi/search/", {"q": "kotoutumisohjelma", "page": "2"})
    assert len(titles(second)) == 2
    assert set(titles(first)).isdisjoint(titles(second))


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_an_odd_page_number_still_shows_results(client, integration_pages, page):
    response = client.get("/fi/search/", {"q": "kotoutumisohjelma", "page": page})
    assert response.status_code == 200
    assert titles(response)


def test_search_results_are_described_by_their_intro(client, home_page):
    StandardPageFactory(
        parent=home_page, title="Palvelut", intro="Alkukartoitus & palvelutarve"
    )
    html = client.get("/fi/search/", {"q": "alkukartoitus"}).content.decode()
    assert "<p>Alkukartoitus &amp; palvelutarve</p>" in html


def test_search_matches_the_intro_and_stays_in_the_active_language(client, home_page):
    fi = StandardPageFactory(parent=home_page, title="Palvelut", intro="Alkukartoitus")
    translate(fi, "sv", title="Tjänster", intro="Inledande kartläggning")
    assert titles(client.get("/fi/search/", {"q": "alkukartoitus"})) == ["Palvelut"]
    assert titles(client.get("/sv/search/", {"q": "kartläggning"})) == ["Tjänster"]
    assert titles(client.get("/sv/search/", {"q": "alkukartoitus"})) == []


@pytest.fixture
def memos(home_page):
    """One material page per audience, all matching the word "muistio"."""
    from tests.factories.materials import MaterialIndexPageFactory, MaterialPageFactory

    index = MaterialIndexPageFactory(parent=home_page)
    for audience, title in [
        (access.Audience.PUBLIC, "Julkinen muistio"),
        (access.Audience.SIGNED_IN, "Kirjautuneiden muistio"),
        (access.Audience.MEMBERS, "Jäsenten muistio"),
    ]:
        MaterialPageFactory(parent=index, title=title, audience=audience)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"Julkinen muistio"}),
        ("signed_in", {"Julkinen muistio", "Kirjautuneiden muistio"}),
        ("member", {"Julkinen muistio", "Kirjautuneiden muistio", "Jäsenten muistio"}),
    ],
)
def test_search_hides_pages_the_users_audience_does_not_allow(
    client, user_for_role, memos, role, expected
):
    if (user := user_for_role(role)) is not None:
        client.force_login(user)
    response = client.get("/fi/search/", {"q": "muistio"})
    assert set(titles(response)) == expected
    assert response.context["results"].paginator.count == len(expected)


def test_unpublished_pages_are_not_found(client, home_page):
    StandardPageFactory(parent=home_page, title="Luonnos", live=False)
    assert titles(client.get("/fi/search/", {"q": "luonnos"})) == []


def test_empty_search_asks_for_search_terms(client):
    response = client.get("/fi/search/", {"q": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kirjoita, mitä etsit." in html
    assert 'aria-invalid="true"' in html


def test_search_page_without_a_query_shows_just_the_form(client):
    response = client.get("/fi/search/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'aria-invalid="true"' not in response.content.decode()


def test_too_long_search_is_a_bad_request_with_a_message(client):
    response = client.get("/sv/search/", {"q": "k" * 201})
    assert response.status_code == 400
    assert "Använd högst 200 tecken." in response.content.decode()


def test_null_character_is_a_bad_request(client):
    response = client.get("/fi/search/", {"q": "koto\x0024"})
    assert response.status_code == 400


@pytest.mark.parametrize("query", ['"', 'kotoutuminen"', "*", "(", "AND", "a:b", "'"])
def test_search_syntax_characters_never_break_the_search(
    client, integration_pages, query
):
    assert client.get("/fi/search/", {"q": query}).status_code == 200


def test_search_only_answers_get(client):
    assert client.post("/fi/search/", {"q": "koto"}).status_code == 405
