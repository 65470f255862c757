"""The forum hosts the discussions of pages (portal.discussions): one topic per page, in
the category that shares most of the page's themes."""

import pytest

from forums import services
from forums.exceptions import NotAllowedError
from forums.models import Category, Topic
from forums.services.discussions import ForumDiscussions
from portal.models import Theme
from tests.factories.forums import CategoryFactory
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


def themes(*slugs):
    return list(Theme.objects.filter(slug__in=slugs))


@pytest.fixture
def categories(db):
    general = CategoryFactory(slug="yleinen", sort_order=1)
    programme = CategoryFactory(slug="ohjelma", sort_order=2)
    programme.themes.set(themes("kotoutumisohjelma", "kotoutumissuunnitelma"))
    areas = CategoryFactory(slug="alueet", sort_order=3)
    areas.themes.set(themes("tyollisyysalueet", "kotoutumisohjelma"))
    return general, programme, areas


def ids(*slugs):
    return [theme.pk for theme in themes(*slugs)]


def test_the_category_sharing_most_themes_is_chosen(categories):
    general, programme, areas = categories
    best = Category.objects.best_for_themes
    assert best(ids("tyollisyysalueet", "kotoutumisohjelma")) == areas
    assert best(ids("kotoutumissuunnitelma")) == programme
    assert best(ids("kotoutumisohjelma")) == programme  # a tie: the first in order
    assert best(ids("viestinta")) == general
    assert best([]) == general


def test_a_page_gets_one_topic_started_by_the_member(
    categories, home_page, member_user
):
    page = StandardPageFactory(parent=home_page)
    host = ForumDiscussions()
    first = host.open_for_page(
        page_id=page.pk,
        title="Käytäntö",
        body="Kysy **täällä**.",
        theme_ids=ids("tyollisyysalueet"),
        starter=member_user,
    )
    again = host.open_for_page(
        page_id=page.pk,
        title="Toinen",
        body="Ei uutta.",
        theme_ids=[],
        starter=member_user,
    )
    topic = Topic.objects.get(page_id=page.pk)
    assert first == again == host.for_page(page_id=page.pk)
    assert first.url == topic.get_absolute_url()
    assert topic.category == categories[2]
    assert topic.author == member_user
    assert topic.posts.get().body_html == "<p>Kysy <strong>täällä</strong>.</p>"
    assert Category.objects.get(pk=categories[2].pk).topic_count == 1


def test_only_members_start_a_page_topic(categories, home_page, signed_in_user):
    with pytest.raises(NotAllowedError):
        services.start_page_topic(
            category=categories[0],
            page_id=home_page.pk,
            user=signed_in_user,
            title="Käytäntö",
            body="Kysy.",
        )
    assert not Topic.objects.exists()


def test_a_hidden_topic_is_no_discussion_to_point_to(
    categories, home_page, member_user, moderator_user
):
    host = ForumDiscussions()
    host.open_for_page(
        page_id=home_page.pk, title="T", body="B", theme_ids=[], starter=member_user
    )
    topic = Topic.objects.get(page_id=home_page.pk)
    services.hide_topic(topic=topic, moderator=moderator_user, reason="Vanhentunut.")
    assert host.for_page(page_id=home_page.pk) is None


def test_without_categories_no_discussion_is_opened(home_page, member_user):
    assert (
        ForumDiscussions().open_for_page(
            page_id=home_page.pk, title="T", body="B", theme_ids=[], starter=member_user
        )
        is None
    )


def test_the_forum_is_the_portals_host_of_page_discussions():
    from portal import discussions

    assert isinstance(discussions._provider(), ForumDiscussions)


def test_staff_give_a_category_its_themes_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/admin/forum_categories/new/",
        {
            "name_fi": "Työllisyysalueet",
            "name_sv": "Sysselsättningsområden",
            "name_en": "",
            "description_fi": "",
            "description_sv": "",
            "description_en": "",
            "slug": "tyollisyysalueet",
            "sort_order": 10,
            "themes": ids("tyollisyysalueet", "juridiikka"),
        },
    )
    assert response.status_code == 302
    category = Category.objects.get(slug="tyollisyysalueet")
    assert {t.slug for t in category.themes.all()} == {"tyollisyysalueet", "juridiikka"}
