"""Forum pages run a fixed number of queries however big the topic or category is."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from forums import services
from tests.factories.forums import CategoryFactory, bulk_posts, bulk_topics, make_reply
from tests.factories.network import make_member
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

# Session, user, permissions, the forum's own reads and writes, header and menus.
PAGE_BUDGET = 25


@pytest.fixture
def authors(db):
    return [
        make_member(user=UserFactory(email=f"kirjoittaja{n}@tampere.fi")).user
        for n in range(5)
    ]


@pytest.fixture
def big_topic(forum_topic, authors, member_user, moderator_user):
    posts = bulk_posts(topic=forum_topic, authors=authors, count=999)
    services.hide_post(post=posts[10], moderator=moderator_user, reason="x")
    make_reply(
        topic=forum_topic,
        author=member_user,
        body="Viimeinen @kirjoittaja1 ja https://kunta.fi",
    )
    for post in posts[:5]:
        services.add_reaction(post=post, user=member_user, kind="thanks")
    forum_topic.refresh_from_db()
    assert forum_topic.last_position == 1001
    return forum_topic


@pytest.mark.slow
@pytest.mark.parametrize("page", ["", "?page=2", "?page=26", "?page=51"])
def test_topic_with_a_thousand_posts_has_a_query_budget(
    client, django_assert_max_num_queries, member_user, big_topic, page
):
    client.force_login(member_user)
    client.get("/fi/forum/")  # session and site caches warm
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(big_topic.get_absolute_url() + page)
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) > 0


@pytest.mark.slow
def test_topic_page_queries_do_not_grow_with_posts(
    client, django_assert_num_queries, member_user, forum_topic, authors
):
    """The same page of a topic of 20 and of 1,000 posts (each read before, so that the
    read state and the header's cached unread count are steady) costs the same
    queries."""
    client.force_login(member_user)
    bulk_posts(topic=forum_topic, authors=authors[:1], count=19)
    client.get(forum_topic.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(forum_topic.get_absolute_url())
    budget = len(small)  # before the bulk writes fill the connection's query log
    bulk_posts(topic=forum_topic, authors=authors, count=980)
    client.get(forum_topic.get_absolute_url())
    with django_assert_num_queries(budget):
        client.get(forum_topic.get_absolute_url())


@pytest.mark.slow
@pytest.mark.parametrize("page", ["", "?page=2", "?page=40"])
def test_category_with_a_thousand_topics_has_a_query_budget(
    client, django_assert_max_num_queries, member_user, moderator_user, authors, page
):
    category = CategoryFactory(slug="iso")
    topics = bulk_topics(category=category, author=authors[0], count=1000)
    services.mark_topic_read(user=member_user, topic=topics[0], position=1)
    services.pin_topic(topic=topics[500], moderator=moderator_user)
    client.force_login(member_user)
    client.get("/fi/forum/")
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(category.get_absolute_url() + page)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1000


@pytest.mark.slow
def test_forum_index_with_many_categories_has_a_query_budget(
    client, django_assert_max_num_queries, member_user, authors
):
    for n in range(20):
        bulk_topics(
            category=CategoryFactory(slug=f"alue-{n}"), author=authors[0], count=5
        )
    client.force_login(member_user)
    client.get("/fi/forum/notifications/")
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get("/fi/forum/")
    assert len(response.context["categories"]) == 20


def test_topic_page_translates_its_texts_once_whatever_its_posts(
    client, moderator_user, forum_topic, authors, monkeypatch
):
    """Each post of a page shows the same texts (its actions, "(permanent link)"…): the
    template translates them once a page, not once a post, as a moderator sees the most
    of them."""
    from django.template import base

    translated = []

    def counting(message):
        translated.append(message)
        return real(message)

    real = base.gettext_lazy
    monkeypatch.setattr(base, "gettext_lazy", counting)
    client.force_login(moderator_user)

    def texts_of_a_page() -> int:
        client.get(forum_topic.get_absolute_url())
        translated.clear()
        assert client.get(forum_topic.get_absolute_url()).status_code == 200
        return len(translated)

    few = texts_of_a_page()
    bulk_posts(topic=forum_topic, authors=authors, count=15)

    assert texts_of_a_page() == few
