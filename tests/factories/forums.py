import datetime

from django.utils import timezone

import factory

from forums import services
from forums.models import Category, Post, Topic
from portal.sanitizer import render_markdown


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"alue-{n}")
    name_fi = factory.Sequence(lambda n: f"Keskustelualue {n}")
    name_sv = factory.Sequence(lambda n: f"Diskussionsområde {n}")
    description_fi = "Kotoutumisen valmistelu kunnissa."
    sort_order = factory.Sequence(lambda n: n)


def make_topic(
    *, category=None, author, title="Kotoutumisohjelman aikataulu", body=None
):
    """A topic with its first post, made through the service (counters stay right)."""
    return services.start_topic(
        category=category or CategoryFactory(),
        user=author,
        title=title,
        body=body or "Missä vaiheessa teillä on kotoutumisohjelman valmistelu?",
    )


def make_reply(*, topic, author, body="Meillä luonnos on lausunnolla.", **kwargs):
    return services.reply_to_topic(topic=topic, user=author, body=body, **kwargs)


def bulk_topics(*, category, author, count: int) -> list[Topic]:
    """Many topics with one post each, written in bulk (for query budgets)."""
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        [
            Topic(
                category=category,
                title=f"Aihe {n}",
                author=author,
                created_at=now - datetime.timedelta(minutes=n),
                last_post_at=now - datetime.timedelta(minutes=n),
                last_position=1,
                post_count=1,
            )
            for n in range(count)
        ]
    )
    posts = Post.objects.bulk_create(
        [
            Post(
                topic=topic,
                position=1,
                author=author,
                body=f"Viesti {topic.title}",
                body_html=render_markdown(f"Viesti {topic.title}"),
                created_at=topic.created_at,
            )
            for topic in topics
        ]
    )
    for topic, post in zip(topics, posts, strict=True):
        topic.last_post = post
    Topic.objects.bulk_update(topics, ["last_post"])
    services.refresh_category(category)
    return topics


def bulk_posts(*, topic, authors, count: int) -> list[Post]:
    """Add `count` replies to a topic in bulk, by the given authors in turn."""
    now = timezone.now()
    start = topic.last_position
    body = "Hyvä kysymys! Meillä **kotoutumisohjelma** hyväksytään syksyllä."
    posts = Post.objects.bulk_create(
        [
            Post(
                topic=topic,
                position=start + n + 1,
                author=authors[n % len(authors)],
                body=body,
                body_html=render_markdown(body),
                created_at=now + datetime.timedelta(seconds=n),
            )
            for n in range(count)
        ]
    )
    topic.last_position = start + count
    topic.save(update_fields=["last_position"])
    services.refresh_topic(topic)
    services.refresh_category(topic.category)
    return posts
