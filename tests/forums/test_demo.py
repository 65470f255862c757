"""The forum demo: built through the services, idempotent, in Finnish and Swedish."""

import pytest

from forums.demo import loader as demo
from forums.models import Category, Notification, Post, Reaction, Topic
from network.demo import loader as network_demo

pytestmark = pytest.mark.django_db


def test_seed_builds_the_issue_categories_and_discussions_once():
    lines: list[str] = []
    network_demo.seed(log=lines.append)
    demo.seed(log=lines.append)
    assert set(Category.objects.values_list("slug", flat=True)) == {
        item["slug"] for item in demo.data()["categories"]
    }
    assert Topic.objects.count() == len(demo.data()["topics"])
    assert Post.objects.count() == sum(
        len(item["posts"]) for item in demo.data()["topics"]
    )
    assert any(line.startswith("Forum: created") for line in lines)

    welcome = Topic.objects.get(title__startswith="Tervetuloa")
    assert welcome.is_pinned and welcome.is_locked
    assert Notification.objects.filter(kind="mention").exists()
    assert Reaction.objects.exists()
    assert Post.objects.filter(reply_to__isnull=False).exists()
    swedish = Topic.objects.get(title__startswith="Integrationsprogrammet")
    assert "skrev:" in swedish.posts.get(position=3).body
    for category in Category.objects.all():
        assert category.topic_count == category.topics.count()

    counts = (Topic.objects.count(), Post.objects.count(), Reaction.objects.count())
    demo.seed(log=lines.append)
    assert (Topic.objects.count(), Post.objects.count(), Reaction.objects.count()) == (
        counts
    )


def test_seed_makes_the_network_demo_people_when_there_are_no_members():
    helsinki = next(
        post["author"]
        for item in demo.data()["topics"]
        for post in item["posts"]
        if post["author"].endswith("@hel.example")
    )
    demo.seed(log=lambda line: None)
    assert Topic.objects.count() == len(demo.data()["topics"])
    assert Topic.objects.filter(author__email=helsinki).exists()
