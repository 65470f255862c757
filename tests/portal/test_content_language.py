"""`lang` on content whose language differs from the page's (WCAG 3.1.2), marked in one
place (`{% lang_attr %}`), and pages of one language's tree shown on the others' sites:
news items and materials at the reader's site's address with its interface."""

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from portal.languages import lang_attribute
from tests.factories.forums import CategoryFactory, make_reply, make_topic
from tests.factories.materials import DocumentFactory, MaterialPageFactory, attachment
from tests.factories.portal import translate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restore_language():
    with translation.override("fi"):
        yield


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_lang_attribute_is_set_only_when_the_languages_differ():
    assert lang_attribute("fi", "sv") == ' lang="fi"'
    assert lang_attribute("fi", "fi") == ""
    assert lang_attribute(None, "sv") == ""
    assert lang_attribute("", "sv") == ""


@pytest.fixture
def swedish_library(material_index):
    return translate(material_index, "sv", title="Materialbank", slug="materialbank")


@pytest.fixture
def finnish_material(material_index):
    return MaterialPageFactory(
        parent=material_index,
        title="Kotoutumisohjelman opas",
        slug="kotoutumisohjelman-opas",
        summary="Opas ohjelman valmisteluun.",
        language="fi",
        attachments=[attachment(DocumentFactory(title="Ohjelman pohja"))],
    )


def test_swedish_library_lists_untranslated_finnish_material_marked_finnish(
    client, material_index, swedish_library, finnish_material, home_pages
):
    limited = MaterialPageFactory(
        parent=material_index, title="Vain suomeksi", is_limited_to_its_language=True
    )
    translated = MaterialPageFactory(parent=material_index, title="Käännetty opas")
    swedish = translate(translated, "sv", title="Översatt guide", slug="oversatt")

    library = soup(client.get(swedish_library.url))

    links = {a.get_text(): a for a in library.select(".material-card__title a")}
    assert set(links) == {finnish_material.title, swedish.title}
    here = f"{swedish_library.url}{finnish_material.slug}/"
    assert links[finnish_material.title]["href"] == here
    assert links[finnish_material.title]["lang"] == "fi"
    assert links[swedish.title].get("lang") is None
    assert "sidan bara på finska" in library.get_text()
    [summary] = library.select('.material-card__summary[lang="fi"]')
    assert summary.get_text() == finnish_material.summary
    # The language facet counts what is listed.
    assert limited.title not in library.get_text()
    finnish_library = soup(client.get(material_index.url))
    assert finnish_library.select_one(".material-card__title a[lang]") is None
    assert swedish.title not in finnish_library.get_text()


def test_untranslated_material_opens_on_the_swedish_site_in_its_interface(
    client, swedish_library, finnish_material, home_pages
):
    url = f"{swedish_library.url}{finnish_material.slug}/"

    response = client.get(url)
    page = soup(response)
    html = response.content.decode()

    assert response.context["page"].pk == finnish_material.pk
    assert page.html["lang"] == "sv"
    assert page.h1["lang"] == "fi"
    assert "Sidan finns bara på finska." in page.get_text()
    assert page.select_one(".lead")["lang"] == "fi"
    # The attachment is in the material's language: marked on the Swedish site.
    assert page.select_one(".attachment")["lang"] == "fi"
    assert f'<link rel="canonical" href="http://testserver{finnish_material.url}">' in (
        html
    )
    assert 'rel="alternate" hreflang' not in html
    assert "Filer och länkar" in page.get_text()


def test_attachments_take_the_materials_language_on_its_own_site(
    client, finnish_material
):
    page = soup(client.get(finnish_material.url))
    assert page.select_one(".attachment").get("lang") is None
    assert page.h1.get("lang") is None

    finnish_material.language = "sv"
    finnish_material.save_revision().publish()
    page = soup(client.get(finnish_material.url))
    assert page.select_one(".attachment")["lang"] == "sv"


def test_library_limited_or_translated_material_is_not_served_on_another_site(
    client, material_index, swedish_library
):
    MaterialPageFactory(
        parent=material_index, slug="rajattu", is_limited_to_its_language=True
    )
    translated = MaterialPageFactory(parent=material_index, slug="kaannetty")
    translate(translated, "sv", slug="oversatt")

    assert client.get(f"{swedish_library.url}rajattu/").status_code == 404
    assert client.get(f"{swedish_library.url}kaannetty/").status_code == 404


@pytest.fixture
def forum_topics(member_user, forum_author):
    category = CategoryFactory(slug="yleinen", name_fi="Yleinen", name_sv="Allmänt")
    with translation.override("sv"):
        swedish = make_topic(
            category=category,
            author=forum_author,
            title="Integrationsprogrammets tidsplan",
            body="Hur långt har ni kommit?",
        )
    finnish = make_topic(category=category, author=forum_author)
    with translation.override("sv"):
        make_reply(topic=finnish, author=forum_author, body="Vi har ett utkast.")
    return {"sv": swedish, "fi": finnish}


def test_posts_and_topics_store_the_language_of_the_site_they_were_written_on(
    forum_topics,
):
    assert forum_topics["sv"].language == "sv"
    assert forum_topics["sv"].posts.get().language == "sv"
    assert list(
        forum_topics["fi"].posts.order_by("position").values_list("language", flat=True)
    ) == ["fi", "sv"]


def test_forum_marks_posts_and_titles_written_in_another_language(
    client, member_user, forum_topics
):
    client.force_login(member_user)
    swedish, finnish = forum_topics["sv"], forum_topics["fi"]

    topic = soup(client.get(finnish.get_absolute_url()))
    bodies = topic.select(".forum-post__body")
    assert [body.get("lang") for body in bodies] == [None, "sv"]
    assert topic.h1.get("lang") is None

    other = soup(client.get(swedish.get_absolute_url()))
    assert other.h1["lang"] == "sv"
    assert other.select_one(".forum-post__body")["lang"] == "sv"
    category = soup(client.get(f"/fi/forum/c/{swedish.category.slug}/"))
    marked = {a.get_text(): a.get("lang") for a in category.select("a[href]")}
    assert marked[swedish.title] == "sv"
    assert marked[finnish.title] is None

    with translation.override("sv"):
        on_swedish_site = soup(client.get(swedish.get_absolute_url()))
    assert on_swedish_site.h1.get("lang") is None


def test_posts_of_unknown_language_are_not_marked(client, member_user, forum_topics):
    finnish = forum_topics["fi"]
    finnish.posts.update(language=None)
    client.force_login(member_user)

    with translation.override("sv"):
        topic = soup(client.get(finnish.get_absolute_url()))

    assert [body.get("lang") for body in topic.select(".forum-post__body")] == [
        None,
        None,
    ]
