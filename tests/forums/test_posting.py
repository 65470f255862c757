"""Writing in the forum through the services: topics, replies, quotes, edits, deletes."""

import datetime

from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from forums import services
from forums.exceptions import (
    ForumError,
    NotAllowedError,
    RateLimitedError,
    TooLongError,
    TopicLockedError,
)
from forums.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Category,
    Post,
    ReadState,
    Subscription,
    Topic,
)
from tests.factories.forums import CategoryFactory, make_reply, make_topic

pytestmark = pytest.mark.django_db


def test_start_topic_creates_first_post_and_counts(member_user):
    category = CategoryFactory()
    topic = services.start_topic(
        category=category, user=member_user, title="  Aikataulu  ", body="**Hei**"
    )
    post = topic.posts.get()
    assert (topic.title, post.position, post.author) == ("Aikataulu", 1, member_user)
    assert post.body == "**Hei**"
    assert post.body_html == "<p><strong>Hei</strong></p>"
    category.refresh_from_db()
    assert (category.topic_count, category.post_count) == (1, 1)
    assert category.last_post == post
    assert (topic.post_count, topic.last_position, topic.last_post) == (1, 1, post)


def test_start_topic_subscribes_author_and_marks_it_read(member_user):
    topic = make_topic(author=member_user)
    assert Subscription.objects.get(user=member_user, topic=topic).is_active
    assert ReadState.objects.get(user=member_user, topic=topic).last_read_position == 1


def test_reply_takes_the_next_position_and_updates_counters(member_user, forum_author):
    topic = make_topic(author=forum_author)
    first = make_reply(topic=topic, author=member_user)
    second = make_reply(topic=topic, author=forum_author)
    assert (first.position, second.position) == (2, 3)
    topic.refresh_from_db()
    assert (topic.post_count, topic.last_position, topic.last_post) == (3, 3, second)
    category = Category.objects.get(pk=topic.category_id)
    assert (category.topic_count, category.post_count) == (1, 3)
    assert category.last_post == second


def test_non_member_cannot_start_a_topic(pending_user):
    with pytest.raises(NotAllowedError):
        make_topic(author=pending_user)
    assert not Topic.objects.exists()


def test_reply_to_locked_topic_is_refused_for_members(
    locked_forum_topic, member_user, moderator_user
):
    with pytest.raises(TopicLockedError):
        make_reply(topic=locked_forum_topic, author=member_user)
    post = make_reply(topic=locked_forum_topic, author=moderator_user)
    assert post.position == 2


def test_reply_to_hidden_topic_is_refused_even_for_moderators(
    hidden_forum_topic, moderator_user
):
    with pytest.raises(NotAllowedError):
        make_reply(topic=hidden_forum_topic, author=moderator_user)


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_empty_post_is_refused(forum_topic, member_user, body):
    with pytest.raises(ForumError):
        make_reply(topic=forum_topic, author=member_user, body=body)
    assert forum_topic.posts.count() == 1


def test_too_long_post_is_refused_with_the_limit(forum_topic, member_user):
    with pytest.raises(TooLongError) as error:
        make_reply(
            topic=forum_topic, author=member_user, body="a" * (BODY_MAX_LENGTH + 1)
        )
    assert str(BODY_MAX_LENGTH) in str(error.value.message)
    assert forum_topic.posts.count() == 1


def test_too_long_title_is_refused(member_user):
    with pytest.raises(TooLongError):
        make_topic(author=member_user, title="x" * (TITLE_MAX_LENGTH + 1))
    assert not Topic.objects.exists()


def test_posting_is_rate_limited_per_user(forum_topic, member_user, forum_author):
    now = timezone.now().replace(second=0, microsecond=0)
    for _ in range(5):
        services.reply_to_topic(topic=forum_topic, user=member_user, body="x", now=now)
    with pytest.raises(RateLimitedError) as error:
        services.reply_to_topic(topic=forum_topic, user=member_user, body="x", now=now)
    assert error.value.status_code == 429
    # Someone else may still post, and the limited person may again a minute later.
    services.reply_to_topic(topic=forum_topic, user=forum_author, body="x", now=now)
    later = now + datetime.timedelta(minutes=1)
    services.reply_to_topic(topic=forum_topic, user=member_user, body="x", now=later)
    assert forum_topic.posts.count() == 1 + 5 + 1 + 1


def test_starting_topics_is_rate_limited(member_user):
    category = CategoryFactory()
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    for n in range(10):
        services.start_topic(
            category=category,
            user=member_user,
            title=f"Aihe {n}",
            body="x",
            now=start + datetime.timedelta(minutes=2 * n),
        )
    with pytest.raises(RateLimitedError):
        services.start_topic(
            category=category,
            user=member_user,
            title="Yksi liikaa",
            body="x",
            now=start + datetime.timedelta(minutes=30),
        )


def test_reply_quoting_a_post_remembers_it(forum_topic, forum_post, member_user):
    post = make_reply(topic=forum_topic, author=member_user, quoting=forum_post)
    assert post.reply_to == forum_post


def test_quoting_a_post_of_another_topic_is_ignored(forum_topic, member_user):
    other = make_topic(author=member_user, title="Toinen")
    post = make_reply(
        topic=forum_topic, author=member_user, quoting=other.posts.get(position=1)
    )
    assert post.reply_to is None


def test_quote_for_reply_quotes_every_line_under_the_authors_name(forum_post):
    forum_post.body = "Rivi yksi\nRivi kaksi"
    text = services.quote_for_reply(post=forum_post)
    assert text.startswith(f"> **{forum_post.author.get_full_name()} kirjoitti:**\n>\n")
    assert "> Rivi yksi\n> Rivi kaksi\n\n" in text


def test_edit_post_rerenders_and_marks_edited(own_forum_post, member_user):
    now = timezone.now()
    post = services.edit_post(
        post=own_forum_post, user=member_user, body="*Korjattu*", now=now
    )
    post.refresh_from_db()
    assert post.body_html == "<p><em>Korjattu</em></p>"
    assert (post.edited_at, post.edited_by, post.is_edited) == (now, member_user, True)
    assert not ModelLogEntry.objects.filter(action="forums.edit_post").exists()


def test_member_cannot_edit_someone_elses_post(forum_post, member_user):
    with pytest.raises(NotAllowedError):
        services.edit_post(post=forum_post, user=member_user, body="Muutettu")
    forum_post.refresh_from_db()
    assert forum_post.edited_at is None


def test_moderator_edit_of_someone_elses_post_is_audited(forum_post, moderator_user):
    services.edit_post(post=forum_post, user=moderator_user, body="Siistitty")
    entry = ModelLogEntry.objects.get(action="forums.edit_post")
    assert (entry.user, entry.object_id) == (moderator_user, str(forum_post.pk))


def test_author_cannot_edit_in_a_locked_topic(
    forum_topic, own_forum_post, member_user, moderator_user
):
    services.lock_topic(topic=forum_topic, moderator=moderator_user, reason="Valmis")
    with pytest.raises(TopicLockedError):
        services.edit_post(post=own_forum_post, user=member_user, body="Uusi")


def test_delete_post_is_soft_and_recounts(forum_topic, own_forum_post, member_user):
    services.delete_post(post=own_forum_post, user=member_user)
    post = Post.objects.get(pk=own_forum_post.pk)
    assert post.is_deleted and post.deleted_at is not None
    assert post.body  # the row and its place stay; the text is no longer shown
    forum_topic.refresh_from_db()
    assert (forum_topic.post_count, forum_topic.last_position) == (1, 2)
    assert forum_topic.last_post.position == 1
    assert forum_topic.category.__class__.objects.get().post_count == 1


def test_member_cannot_delete_someone_elses_post(
    forum_post, member_user, moderator_user
):
    for user in (member_user, moderator_user):
        with pytest.raises(NotAllowedError):
            services.delete_post(post=forum_post, user=user)
    forum_post.refresh_from_db()
    assert not forum_post.is_deleted


def test_deleted_post_cannot_be_edited(own_forum_post, member_user):
    services.delete_post(post=own_forum_post, user=member_user)
    with pytest.raises(NotAllowedError):
        services.edit_post(post=own_forum_post, user=member_user, body="Takaisin")
