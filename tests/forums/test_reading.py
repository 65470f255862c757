"""Unread markers and "jump to the first unread post", per person and topic."""

import datetime

from django.utils import timezone

import pytest

from forums import services
from forums.models import ReadState, Topic
from tests.factories.forums import bulk_posts, make_reply, make_topic

pytestmark = pytest.mark.django_db


def unread_titles(user, category) -> set[str]:
    preference = services.preference_for(user)
    topics = Topic.objects.filter(category=category).for_list(
        user, all_read_at=preference.all_read_at
    )
    return {topic.title for topic in topics if topic.is_unread}


def test_unopened_topics_are_unread_and_reading_clears_them(
    client, member_user, forum_category, forum_topic
):
    assert unread_titles(member_user, forum_category) == {forum_topic.title}
    client.force_login(member_user)
    client.get(forum_topic.get_absolute_url())
    assert unread_titles(member_user, forum_category) == set()


def test_a_new_reply_makes_the_topic_unread_again(
    client, member_user, forum_author, forum_category, forum_topic
):
    client.force_login(member_user)
    client.get(forum_topic.get_absolute_url())
    make_reply(topic=forum_topic, author=forum_author)
    assert unread_titles(member_user, forum_category) == {forum_topic.title}


def test_own_posts_count_as_read(member_user, forum_category, forum_topic):
    make_reply(topic=forum_topic, author=member_user)
    assert unread_titles(member_user, forum_category) == set()


def test_read_position_never_moves_back(member_user, forum_topic, forum_author):
    bulk_posts(topic=forum_topic, authors=[forum_author], count=30)
    services.mark_topic_read(user=member_user, topic=forum_topic, position=25)
    services.mark_topic_read(user=member_user, topic=forum_topic, position=5)
    assert (
        ReadState.objects.get(user=member_user, topic=forum_topic).last_read_position
        == 25
    )


def test_jump_goes_to_the_first_unread_post_on_its_page(
    client, member_user, forum_author, forum_topic
):
    posts = bulk_posts(topic=forum_topic, authors=[forum_author], count=44)
    services.mark_topic_read(user=member_user, topic=forum_topic, position=22)
    client.force_login(member_user)
    response = client.get(forum_topic.get_absolute_url() + "unread/")
    first_unread = posts[21]  # position 23
    assert first_unread.position == 23
    assert response.status_code == 307
    assert response["Location"] == (
        f"{forum_topic.get_absolute_url()}?page=2#{first_unread.anchor}"
    )


def test_jump_goes_to_the_latest_post_when_all_is_read(
    client, member_user, forum_author, forum_topic
):
    last = make_reply(topic=forum_topic, author=forum_author)
    services.mark_topic_read(user=member_user, topic=forum_topic, position=2)
    client.force_login(member_user)
    response = client.get(forum_topic.get_absolute_url() + "unread/")
    assert response["Location"].endswith(f"#{last.anchor}")


def test_jump_starts_from_the_first_post_of_a_new_topic(
    client, member_user, forum_topic
):
    client.force_login(member_user)
    response = client.get(forum_topic.get_absolute_url() + "unread/")
    assert response["Location"].endswith(f"#{forum_topic.posts.get(position=1).anchor}")


def test_mark_everything_read_until_something_new(
    client, member_user, forum_author, forum_category
):
    old = make_topic(category=forum_category, author=forum_author, title="Vanha")
    client.force_login(member_user)
    response = client.post("/fi/forum/read/")
    assert response.status_code == 302
    assert unread_titles(member_user, forum_category) == set()
    later = timezone.now() + datetime.timedelta(minutes=1)
    services.reply_to_topic(topic=old, user=forum_author, body="Uutta", now=later)
    assert unread_titles(member_user, forum_category) == {"Vanha"}
    first = services.first_unread_post(user=member_user, topic=old)
    assert first.position == 2


def test_category_page_marks_unread_topics(
    client, member_user, forum_category, forum_topic
):
    client.force_login(member_user)
    html = client.get(forum_category.get_absolute_url()).content.decode()
    assert f"{forum_topic.get_absolute_url()}unread/" in html
