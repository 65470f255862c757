"""@mentions: parsed from the text (not quotes or code), resolved to members, notified."""

import pytest

from forums import services
from forums.markup import Mention, parse_mentions
from forums.models import Notification
from forums.services.notifications import mentioned_user_ids
from tests.factories.forums import make_reply
from tests.factories.network import make_member
from tests.factories.portal import UserFactory


def test_parse_finds_names_and_email_local_parts():
    text = "Kiitos @Maija Virtanen! Ja @pekka.korhonen, mitä mieltä?"
    assert parse_mentions(text) == [
        Mention("Maija", "Virtanen"),
        Mention("pekka.korhonen"),
    ]


def test_parse_ignores_quotes_code_and_email_addresses():
    text = (
        "> @Maija Virtanen kirjoitti\n"
        "Osoite on maija@hel.fi ja `@koodi`\n"
        "```\n@ei Mainintaa\n```\n"
        "    @sisennetty koodi\n"
        "@Anna-Liisa Mäkelä"
    )
    assert parse_mentions(text) == [Mention("Anna-Liisa", "Mäkelä")]


def test_parse_gives_each_mention_once():
    assert parse_mentions("@liisa @liisa @liisa") == [Mention("liisa")]


@pytest.fixture
def maija(db):
    return make_member(
        user=UserFactory(
            email="maija.virtanen@hel.fi", first_name="Maija", last_name="Virtanen"
        )
    ).user


@pytest.mark.django_db
def test_mention_by_name_or_email_notifies_the_member(forum_topic, forum_author, maija):
    for body in ("Hei @maija virtanen", "Hei @maija.virtanen."):
        post = make_reply(topic=forum_topic, author=forum_author, body=body)
        notification = Notification.objects.get(post=post)
        assert (notification.recipient, notification.kind) == (maija, "mention")


@pytest.mark.django_db
def test_ambiguous_or_non_member_mentions_notify_no_one(
    forum_topic, forum_author, maija
):
    make_member(
        user=UserFactory(
            email="maija.virtanen@espoo.fi", first_name="Maija", last_name="Virtanen"
        )
    )
    UserFactory(email="outsider@example.com", first_name="Olli", last_name="Ulkona")
    post = make_reply(
        topic=forum_topic,
        author=forum_author,
        body="@Maija Virtanen @maija.virtanen @Olli Ulkona @outsider",
    )
    assert mentioned_user_ids(post) == set()
    assert not Notification.objects.filter(post=post, kind="mention").exists()


@pytest.mark.django_db
def test_mentioning_oneself_notifies_no_one(forum_topic, maija):
    post = make_reply(topic=forum_topic, author=maija, body="Minä @maija.virtanen")
    assert not Notification.objects.filter(post=post, recipient=maija).exists()


@pytest.mark.django_db
def test_edit_notifies_only_newly_mentioned(
    forum_topic, forum_author, maija, member_user
):
    post = make_reply(
        topic=forum_topic, author=forum_author, body="Hei @maija.virtanen"
    )
    member_user.first_name, member_user.last_name = "Jussi", "Jäsen"
    member_user.save()
    services.edit_post(
        post=post, user=forum_author, body="Hei @maija.virtanen ja @Jussi Jäsen"
    )
    kinds = dict(
        Notification.objects.filter(post=post).values_list("recipient", "kind")
    )
    assert kinds == {maija.pk: "mention", member_user.pk: "mention"}
    assert Notification.objects.filter(post=post, recipient=maija).count() == 1
