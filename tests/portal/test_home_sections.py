"""The home page's cached sections: per audience, never stale, fewer queries when warm."""

import pytest
from bs4 import BeautifulSoup

from events import services as event_services
from events.models import EventPage
from portal.access import Audience
from portal.cache import bump_layout_version
from tests.factories.events import EventPageFactory
from tests.factories.materials import MaterialPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def texts(response, selector: str) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


@pytest.fixture
def filled_home(home_page, event_index, material_index, news_index):
    MaterialPageFactory(parent=material_index, title="Kaikkien opas")
    MaterialPageFactory(
        parent=material_index, title="Jäsenten opas", audience=Audience.MEMBERS
    )
    NewsPageFactory(parent=news_index, title="Kaikkien uutinen")
    NewsPageFactory(
        parent=news_index, title="Jäsenten uutinen", audience=Audience.MEMBERS
    )
    EventPageFactory(parent=event_index, title="Avoin tapahtuma", capacity=10)
    EventPageFactory(
        parent=event_index, title="Jäsenten tapahtuma", audience=Audience.MEMBERS
    )
    return home_page


def test_a_warm_home_page_reads_its_sections_from_the_cache(
    client, filled_home, django_assert_max_num_queries
):
    client.get("/fi/")
    bump_layout_version()
    with django_assert_max_num_queries(30) as cold:
        client.get("/fi/")
    with django_assert_max_num_queries(30) as warm:
        response = client.get("/fi/")
    # Routing and the events' card rows are left; the materials, news and practices
    # sections, the event cards' HTML and the event index's address are cached.
    assert len(warm.captured_queries) == 2
    assert len(cold.captured_queries) >= 11
    sql = " ".join(query["sql"] for query in warm.captured_queries)
    assert "materials_materialpage" not in sql
    assert "materials_newspage" not in sql
    assert texts(response, ".material-card__title") == ["Kaikkien opas"]
    assert texts(response, ".news-card__title") == ["Kaikkien uutinen"]
    assert texts(response, ".event-card__title") == ["Avoin tapahtuma"]


def test_cached_sections_are_kept_per_audience_not_shared_with_members(
    client, filled_home, member_user, signed_in_user
):
    client.get("/fi/")  # the anonymous sections are cached first
    client.force_login(member_user)
    member = client.get("/fi/")
    assert texts(member, ".material-card__title") == ["Jäsenten opas", "Kaikkien opas"]
    assert texts(member, ".news-card__title") == [
        "Jäsenten uutinen",
        "Kaikkien uutinen",
    ]
    assert sorted(texts(member, ".event-card__title")) == [
        "Avoin tapahtuma",
        "Jäsenten tapahtuma",
    ]
    client.force_login(signed_in_user)
    signed_in = client.get("/fi/")
    assert texts(signed_in, ".material-card__title") == ["Kaikkien opas"]
    assert texts(signed_in, ".news-card__title") == ["Kaikkien uutinen"]
    client.logout()
    assert texts(client.get("/fi/"), ".news-card__title") == ["Kaikkien uutinen"]


def test_published_and_unpublished_pages_show_on_the_next_request(
    client, filled_home, material_index, news_index
):
    client.get("/fi/")
    material = MaterialPageFactory(parent=material_index, title="Uusi opas")
    news = NewsPageFactory(parent=news_index, title="Uusi uutinen")
    response = client.get("/fi/")
    assert "Uusi opas" in texts(response, ".material-card__title")
    assert "Uusi uutinen" in texts(response, ".news-card__title")
    material.unpublish()
    news.title = "Korjattu uutinen"
    news.save_revision().publish()
    response = client.get("/fi/")
    assert "Uusi opas" not in texts(response, ".material-card__title")
    assert "Korjattu uutinen" in texts(response, ".news-card__title")


def test_a_registration_shows_in_the_event_section_at_once(client, filled_home):
    event = EventPage.objects.get(title="Avoin tapahtuma")
    assert texts(client.get("/fi/"), ".event-card__seats") == ["10 paikkaa jäljellä"]
    event_services.register_for_event(
        event=event,
        guest=event_services.RegistrantDetails(
            name="Vieras Henkilö", email="vieras@example.com", organisation="Kylä ry"
        ),
        answers={},
    )
    assert texts(client.get("/fi/"), ".event-card__seats") == ["9 paikkaa jäljellä"]
