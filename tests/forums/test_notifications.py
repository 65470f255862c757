"""Who is notified of a new post, and the opt-in e-mail digests (batched or daily)."""

import datetime
import io
import re
import zoneinfo

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from forums import services
from forums.models import ForumPreference, Notification, Subscription
from tests.factories.forums import make_reply, make_topic
from tests.factories.network import make_member
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def kinds_for(post) -> dict[str, str]:
    return {
        n.recipient.email: n.kind
        for n in Notification.objects.filter(post=post).select_related("recipient")
    }


@pytest.fixture
def reader(db):
    return make_member(user=UserFactory(email="lukija@tampere.fi")).user


def test_topic_followers_category_followers_and_topic_author_are_notified(
    forum_topic, forum_author, member_user, reader, moderator_user
):
    services.subscribe_to_topic(user=reader, topic=forum_topic)
    services.subscribe_to_category(user=moderator_user, category=forum_topic.category)
    post = make_reply(topic=forum_topic, author=member_user)
    assert kinds_for(post) == {
        forum_author.email: "reply",
        reader.email: "topic_post",
        moderator_user.email: "category_post",
    }


def test_new_topic_notifies_category_followers(forum_category, forum_author, reader):
    services.subscribe_to_category(user=reader, category=forum_category)
    topic = make_topic(category=forum_category, author=forum_author)
    assert kinds_for(topic.posts.get()) == {reader.email: "category_post"}


def test_quoted_author_gets_a_reply_and_mention_wins_over_following(
    forum_topic, forum_author, member_user, reader
):
    reader.first_name, reader.last_name = "Liisa", "Lukija"
    reader.save()
    quoted = make_reply(topic=forum_topic, author=reader)
    services.subscribe_to_topic(user=reader, topic=forum_topic)
    post = make_reply(
        topic=forum_topic,
        author=member_user,
        body="@Liisa Lukija samaa mieltä",
        quoting=quoted,
    )
    assert kinds_for(post)[reader.email] == "mention"
    other = make_reply(topic=forum_topic, author=member_user, quoting=quoted)
    assert kinds_for(other)[reader.email] == "reply"


def test_author_is_never_notified_of_their_own_post(forum_topic, forum_author):
    post = make_reply(topic=forum_topic, author=forum_author)
    assert forum_author.email not in kinds_for(post)


def test_unfollowed_topic_stays_quiet_even_after_posting_again(
    forum_topic, forum_author, member_user
):
    make_reply(topic=forum_topic, author=member_user)
    services.unsubscribe_from_topic(user=member_user, topic=forum_topic)
    make_reply(topic=forum_topic, author=member_user)
    assert not Subscription.objects.get(user=member_user, topic=forum_topic).is_active
    post = make_reply(topic=forum_topic, author=forum_author)
    assert member_user.email not in kinds_for(post)


def test_unfollowing_own_topic_stops_reply_notifications(
    forum_topic, forum_author, reader
):
    services.unsubscribe_from_topic(user=forum_author, topic=forum_topic)
    post = make_reply(topic=forum_topic, author=reader)
    assert forum_author.email not in kinds_for(post)


def test_people_who_are_no_longer_members_are_not_notified(
    forum_topic, member_user, reader
):
    services.subscribe_to_topic(user=reader, topic=forum_topic)
    reader.groups.clear()
    post = make_reply(topic=forum_topic, author=member_user)
    assert reader.email not in kinds_for(post)


def test_reading_the_topic_marks_its_notifications_read(
    client, forum_topic, forum_author, member_user
):
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    make_reply(topic=forum_topic, author=forum_author)
    assert Notification.objects.for_user(member_user).unread().count() == 1
    client.force_login(member_user)
    client.get(forum_topic.get_absolute_url())
    assert Notification.objects.for_user(member_user).unread().count() == 0


def test_notifications_page_lists_and_marks_all_read(
    client, forum_topic, forum_author, member_user
):
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    post = make_reply(topic=forum_topic, author=forum_author)
    client.force_login(member_user)
    html = client.get("/fi/forum/notifications/").content.decode()
    assert post.get_absolute_url() in html
    client.post("/fi/forum/notifications/read/")
    assert Notification.objects.for_user(member_user).unread().count() == 0


def test_notifications_of_hidden_posts_are_not_listed(
    forum_topic, forum_author, member_user, moderator_user
):
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    post = make_reply(topic=forum_topic, author=forum_author)
    services.hide_post(post=post, moderator=moderator_user, reason="Asiaton")
    assert not Notification.objects.for_user(member_user).exists()


# --- E-mail -------------------------------------------------------------------------------


def at(hour: int, minute: int = 0, day: int = 10) -> datetime.datetime:
    return datetime.datetime(2025, 3, day, hour, minute, tzinfo=HELSINKI)


def follow_and_post(*, follower, topic, author, now, count=1):
    services.subscribe_to_topic(user=follower, topic=topic)
    return [
        services.reply_to_topic(topic=topic, user=author, body=f"Viesti {n}", now=now)
        for n in range(count)
    ]


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send a person's digest at a given time, running the mail's after-commit sending."""

    def run(user, now):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_digest(user=user, now=now)

    return run


def test_email_is_off_until_chosen(
    send, mailoutbox, forum_topic, forum_author, member_user
):
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(9)
    )
    assert services.queue_due_digests(now=at(10)) == 0
    assert send(member_user, at(10)) == []
    assert mailoutbox == []


def test_queue_due_digests_picks_who_is_due(
    forum_topic, forum_author, member_user, reader
):
    services.set_email_frequency(user=member_user, frequency="batched", now=at(5))
    services.set_email_frequency(user=reader, frequency="daily", now=at(5))
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(6)
    )
    follow_and_post(follower=reader, topic=forum_topic, author=forum_author, now=at(6))
    assert services.queue_due_digests(now=at(6, 30)) == 1  # daily waits for 7 o'clock
    assert services.queue_due_digests(now=at(7, 30)) == 2


def test_batched_email_collects_a_burst_into_one_mail(
    send, mailoutbox, forum_topic, forum_author, member_user
):
    services.set_email_frequency(user=member_user, frequency="batched", now=at(8))
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(9), count=3
    )
    assert len(send(member_user, at(9, 1))) == 3
    [message] = mailoutbox
    assert message.to == [member_user.email]
    assert "3" in message.subject
    assert message.body.count(forum_topic.title) == 1
    assert "/fi/forum/unsubscribe/" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_batched_email_waits_for_the_window(
    send, mailoutbox, forum_topic, forum_author, member_user
):
    services.set_email_frequency(user=member_user, frequency="batched", now=at(8))
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(9)
    )
    send(member_user, at(9, 1))
    services.reply_to_topic(
        topic=forum_topic, user=forum_author, body="Lisää", now=at(9, 5)
    )
    assert send(member_user, at(9, 20)) == []
    assert len(send(member_user, at(9, 31))) == 1
    assert len(mailoutbox) == 2


def test_daily_digest_comes_once_a_day_in_the_morning(
    send, mailoutbox, forum_topic, forum_author, member_user
):
    services.set_email_frequency(user=member_user, frequency="daily", now=at(5))
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(6)
    )
    assert send(member_user, at(6, 30)) == []
    assert len(send(member_user, at(7, 5))) == 1
    services.reply_to_topic(topic=forum_topic, user=forum_author, body="x", now=at(12))
    assert send(member_user, at(18)) == []
    assert len(send(member_user, at(7, 5, day=11))) == 1
    assert len(mailoutbox) == 2


def test_notifications_seen_in_the_site_or_from_before_opting_in_are_not_mailed(
    send, mailoutbox, forum_topic, forum_author, member_user
):
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(8)
    )
    services.set_email_frequency(user=member_user, frequency="batched", now=at(9))
    services.reply_to_topic(
        topic=forum_topic, user=forum_author, body="x", now=at(9, 5)
    )
    services.mark_notifications_read(user=member_user, now=at(9, 6))
    assert send(member_user, at(10)) == []
    assert mailoutbox == []


def test_digest_is_safe_to_run_twice(
    send, mailoutbox, forum_topic, forum_author, member_user
):
    services.set_email_frequency(user=member_user, frequency="batched", now=at(8))
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(9)
    )
    assert len(send(member_user, at(9, 1))) == 1
    assert send(member_user, at(9, 1)) == []
    assert len(mailoutbox) == 1


def test_digest_follows_the_recipients_language(
    send, mailoutbox, forum_topic, forum_author, member_user
):
    member_user.preferred_language = "sv"
    member_user.save()
    services.set_email_frequency(user=member_user, frequency="batched", now=at(8))
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(9)
    )
    send(member_user, at(9, 1))
    assert "/sv/forum/" in mailoutbox[0].body
    assert "Diskussionsforum" in mailoutbox[0].subject


def test_unsubscribe_link_in_the_mail_turns_email_off_without_login(
    send, client, mailoutbox, forum_topic, forum_author, member_user
):
    services.set_email_frequency(user=member_user, frequency="batched", now=at(8))
    follow_and_post(
        follower=member_user, topic=forum_topic, author=forum_author, now=at(9)
    )
    send(member_user, at(9, 1))
    link = next(
        line.split(" ")[-1]
        for line in mailoutbox[0].body.splitlines()
        if "/unsubscribe/" in line
    )
    message = mailoutbox[0].message()
    assert message["List-Unsubscribe"] == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    assert link in mailoutbox[0].alternatives[0][0]
    # The mail program's one-click POST: no login, no CSRF token.
    one_click = Client(enforce_csrf_checks=True)
    response = one_click.post(
        link.removeprefix(settings.PORTAL_BASE_URL), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert ForumPreference.objects.get(user=member_user).email_frequency == "off"


def test_command_sends_the_due_digests_through_tasks(
    django_capture_on_commit_callbacks,
    mailoutbox,
    forum_topic,
    forum_author,
    member_user,
):
    services.set_email_frequency(user=member_user, frequency="batched")
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    make_reply(topic=forum_topic, author=forum_author)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_forum_digests", stdout=out)
    assert out.getvalue().strip() == "Queued 1 forum digest(s)."
    [message] = mailoutbox
    assert message.to == [member_user.email]


# --- The unread count in the header -------------------------------------------------------


def header_count(client) -> int:
    html = client.get("/fi/").content.decode()
    found = re.search(r'class="badge forum-header-links__count">(\d+)<', html)
    return int(found.group(1)) if found else 0


def reply_again(topic, author, member, moderator):
    make_reply(topic=topic, author=author, body="Toinen vastaus.")


def read_the_topic(topic, author, member, moderator):
    services.mark_topic_read(user=member, topic=topic, position=topic.post_count + 5)


def read_everything(topic, author, member, moderator):
    services.mark_all_read(user=member)


def read_the_notifications(topic, author, member, moderator):
    services.mark_notifications_read(user=member)


def hide_the_reply(topic, author, member, moderator):
    post = topic.posts.order_by("-position").first()
    services.hide_post(post=post, moderator=moderator, reason="Asiaton")


def delete_the_reply(topic, author, member, moderator):
    post = topic.posts.order_by("-position").first()
    services.delete_post(post=post, user=author)


def hide_the_topic(topic, author, member, moderator):
    services.hide_topic(topic=topic, moderator=moderator, reason="Roskaa")


@pytest.mark.parametrize(
    ("change", "count"),
    [
        (reply_again, 2),
        (read_the_topic, 0),
        (read_everything, 0),
        (read_the_notifications, 0),
        (hide_the_reply, 0),
        (delete_the_reply, 0),
        (hide_the_topic, 0),
    ],
)
def test_the_header_count_shows_every_change_at_the_next_request(
    client, member_user, forum_topic, forum_author, moderator_user, change, count
):
    """The count is cached per member under the version that notifications, posts and
    topics bump (the services' bulk inserts and queryset updates too)."""
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    make_reply(topic=forum_topic, author=forum_author)
    client.force_login(member_user)
    assert header_count(client) == 1
    assert header_count(client) == 1  # from the cache

    change(forum_topic, forum_author, member_user, moderator_user)

    assert header_count(client) == count


def test_the_header_count_is_read_from_the_cache(
    client, member_user, forum_topic, forum_author
):
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    make_reply(topic=forum_topic, author=forum_author)
    client.force_login(member_user)
    client.get("/fi/")

    with CaptureQueriesContext(connection) as queries:
        assert header_count(client) == 1

    table = Notification._meta.db_table
    assert not [q["sql"] for q in queries.captured_queries if table in q["sql"]]
