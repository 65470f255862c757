"""The forum's part of the data export and of account deletion."""

import pytest

from forums import services
from forums.models import (
    ForumPreference,
    Notification,
    Post,
    Reaction,
    ReadState,
    Report,
    Subscription,
    Topic,
)
from network import personal_data
from tests.factories.forums import make_reply, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_member(member_user, forum_topic, forum_post, forum_author):
    topic = make_topic(author=member_user, title="Oma aihe", body="Oma viesti")
    make_reply(topic=forum_topic, author=member_user, body="Vastaus")
    services.add_reaction(post=forum_post, user=member_user, kind="thanks")
    services.report_post(post=forum_post, reporter=member_user, reason="Syy")
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    services.set_email_frequency(user=member_user, frequency="daily")
    make_reply(topic=topic, author=forum_author, body="Kommentti")
    return member_user


def test_export_holds_the_members_forum_data(active_member):
    data = personal_data.collect_personal_data(active_member)["forums"]
    assert [t["title"] for t in data["topics_started"]] == ["Oma aihe"]
    assert [p["text"] for p in data["posts"]] == ["Oma viesti", "Vastaus"]
    assert data["reactions"][0]["kind"] == "thanks"
    assert data["reports"][0]["reason"] == "Syy"
    assert data["email_notifications"] == "daily"
    assert data["notifications"] == 1


def test_erasure_keeps_posts_as_by_deleted_user(active_member, forum_post):
    personal_data.run_erase_hooks(active_member)
    post = Post.objects.get(body="Vastaus")
    assert post.author is None
    assert post.author_name == str(personal_data.DELETED_USER_LABEL)
    assert Topic.objects.get(title="Oma aihe").author is None
    assert Report.objects.get().reporter is None
    assert Post.objects.get(pk=forum_post.pk).thanks_count == 0
    for model, field in [
        (Reaction, "user"),
        (Subscription, "user"),
        (ReadState, "user"),
        (Notification, "recipient"),
        (ForumPreference, "user"),
    ]:
        assert not model.objects.filter(**{field: active_member}).exists(), model


def test_deleted_account_shows_as_deleted_user_in_the_topic(
    client, active_member, forum_topic, forum_author
):
    from network.services import delete_account

    delete_account(user=active_member)
    client.force_login(forum_author)
    html = client.get(forum_topic.get_absolute_url()).content.decode()
    assert "Vastaus" in html
    assert "poistettu käyttäjä" in html
