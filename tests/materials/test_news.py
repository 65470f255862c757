"""News and blog: listing, filters, audience, RSS and Atom feeds, the home page."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from portal.access import Audience
from tests.factories.materials import MaterialPageFactory, NewsPageFactory
from tests.factories.portal import translate

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the portal's own feed, not untrusted input


@pytest.fixture
def newsroom(news_index, news_item, themes):
    NewsPageFactory(
        parent=news_index,
        title="Blogi: työllisyysalueen ensimmäinen vuosi",
        slug="blogi-vuosi",
        news_type="blog",
        published_on=datetime.date(2025, 2, 1),
        author_name="Vierailija Virtanen",
        themes=[themes["tyollisyysalueet"]],
    )
    NewsPageFactory(
        parent=news_index,
        title="Jäsenkirje helmikuu",
        slug="jasenkirje",
        news_type="info_letter",
        published_on=datetime.date(2025, 2, 15),
        audience=Audience.MEMBERS,
    )
    return news_index


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".news-card__title a")]


def test_news_index_lists_visible_news_newest_first(client, newsroom, member_user):
    assert titles(client.get(newsroom.url)) == [
        "Blogi: työllisyysalueen ensimmäinen vuosi",
        "Kotoutumislain uudistus voimaan",
    ]
    client.force_login(member_user)
    assert titles(client.get(newsroom.url))[0] == "Jäsenkirje helmikuu"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "blog"}, ["Blogi: työllisyysalueen ensimmäinen vuosi"]),
        ({"theme": "kotoutumisohjelma"}, ["Kotoutumislain uudistus voimaan"]),
        ({"type": "info_letter"}, []),
    ],
)
def test_news_index_filters_by_type_and_theme(client, newsroom, params, expected):
    assert titles(client.get(newsroom.url, params)) == expected


def test_news_page_names_its_author(client, newsroom, news_item, expert):
    soup = BeautifulSoup(client.get(news_item.url).content, "html.parser")
    assert soup.select_one(".meta a")["href"] == expert.get_absolute_url()
    assert news_item.author == expert.name


def test_rss_feed_is_valid_and_lists_public_news(client, newsroom):
    response = client.get("/fi/materials/news/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    for element in ("title", "link", "description", "language"):
        assert channel.findtext(element), element
    assert channel.findtext("language") == "fi"
    assert channel.findtext("link") == f"http://testserver{newsroom.url}"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Blogi: työllisyysalueen ensimmäinen vuosi",
        "Kotoutumislain uudistus voimaan",
    ]
    first = items[0]
    assert first.findtext("link") == "http://testserver/fi/ajankohtaista/blogi-vuosi/"
    assert first.findtext("guid") == first.findtext("link")
    assert first.findtext("pubDate").startswith("Sat, 01 Feb 2025 00:00:00 +0200")
    assert [c.text for c in first.findall("category")] == ["Työllisyysalueet"]
    assert (
        items[1].findtext("description")
        == "Uusi kotoutumislaki tuli voimaan vuoden alussa."
    )


def test_atom_feed_is_valid(client, newsroom):
    response = client.get("/fi/materials/news/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    assert feed.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{element}"), element
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for element in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{element}"), element
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/fi/")
    assert entries[1].find(f"{ATOM}author/{ATOM}name").text == "Aino Asiantuntija"


def test_feeds_follow_the_url_language(client, newsroom, news_item):
    translate(newsroom, "sv", title="Aktuellt")
    translate(news_item, "sv", title="Integrationslagen träder i kraft")
    channel = parse_xml(client.get("/sv/materials/news/rss/").content).find("channel")
    assert channel.findtext("language") == "sv"
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Integrationslagen träder i kraft"
    ]


def test_news_index_links_its_feeds(client, newsroom):
    soup = BeautifulSoup(client.get(newsroom.url).content, "html.parser")
    assert soup.select_one('link[type="application/rss+xml"]')["href"] == (
        "/fi/materials/news/rss/"
    )


def test_home_page_shows_the_latest_materials_and_news(
    client, home_page, newsroom, guide
):
    MaterialPageFactory(
        parent=guide.get_parent(), title="Salainen esitys", audience=Audience.MEMBERS
    )
    soup = BeautifulSoup(client.get("/fi/").content, "html.parser")
    materials = [
        a.get_text() for a in soup.select(".home-section .material-card__title a")
    ]
    assert materials == ["Kotoutumisohjelman laatimisen opas"]
    news = [a.get_text() for a in soup.select(".home-section .news-card__title a")]
    assert news == [
        "Blogi: työllisyysalueen ensimmäinen vuosi",
        "Kotoutumislain uudistus voimaan",
    ]
    assert soup.select_one("#home-news-heading")


def test_home_page_leaves_out_empty_sections(client, home_page):
    soup = BeautifulSoup(client.get("/fi/").content, "html.parser")
    assert soup.select_one("#home-materials-heading") is None
    assert soup.select_one("#home-news-heading") is None


@pytest.fixture
def swedish_news_index(news_index):
    return translate(news_index, "sv", title="Aktuellt", slug="aktuellt")


def test_untranslated_news_is_listed_on_other_sites_with_its_language(
    client, news_index, swedish_news_index, home_pages
):
    from django.utils import translation

    finnish = NewsPageFactory(parent=news_index, title="Suomeksi vain", slug="vain")
    limited = NewsPageFactory(
        parent=news_index,
        title="Vain suomeksi rajattu",
        slug="rajattu",
        is_limited_to_its_language=True,
    )
    translated = NewsPageFactory(parent=news_index, title="Käännetty", slug="kaannetty")
    swedish = translate(translated, "sv", title="Översatt")

    with translation.override("fi"):
        index = BeautifulSoup(client.get(swedish_news_index.url).content, "html.parser")
        home = BeautifulSoup(client.get(home_pages["sv"].url).content, "html.parser")
        finnish_index = client.get(news_index.url).content.decode()

    titles = [a.get_text() for a in index.select(".news-card__title a")]
    assert sorted(titles) == sorted([finnish.title, swedish.title])
    # Linked at its address on the Swedish site, which shows it with its interface.
    here = f"{swedish_news_index.url}{finnish.slug}/"
    [marked] = index.select(f'.news-card__title a[href="{here}"]')
    assert marked["lang"] == "fi"
    assert "bara på finska" in index.get_text()
    assert index.select_one(f'a[href="{swedish.url}"]').get("lang") is None
    assert home.select_one(f'.news-card__title a[href="{here}"]').get_text() == (
        finnish.title
    )
    assert limited.title in finnish_index
    assert swedish.title not in finnish_index


def test_untranslated_news_opens_on_the_readers_site_in_its_interface(
    client, news_index, swedish_news_index, home_pages
):
    finnish = NewsPageFactory(
        parent=news_index, title="Vain suomeksi", slug="vain", summary="Tiivistelmä."
    )
    url = f"{swedish_news_index.url}{finnish.slug}/"

    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["page"].pk == finnish.pk
    assert '<html lang="sv">' in html
    assert f'<h1 lang="fi">{finnish.title}</h1>' in html
    assert '<p class="lead" lang="fi">Tiivistelmä.</p>' in html
    assert "Nyheten finns bara på finska." in html
    # One canonical address, its own; no hreflang without translations.
    assert f'<link rel="canonical" href="http://testserver{finnish.url}">' in html
    assert 'rel="alternate" hreflang' not in html
    # The Swedish site's breadcrumbs; the switcher goes back to its Finnish address.
    assert f'href="{swedish_news_index.url}">Aktuellt</a>' in html
    assert f'href="{finnish.url}" lang="fi"' in html


def test_news_limited_to_its_language_or_translated_is_not_shown_at_another_site(
    client, news_index, swedish_news_index, home_pages
):
    limited = NewsPageFactory(
        parent=news_index, slug="rajattu", is_limited_to_its_language=True
    )
    translated = NewsPageFactory(parent=news_index, slug="kaannetty")
    translate(translated, "sv", title="Översatt", slug="oversatt")

    assert client.get(f"{swedish_news_index.url}rajattu/").status_code == 404
    assert client.get(f"{swedish_news_index.url}kaannetty/").status_code == 404
    assert client.get(limited.url).status_code == 200
