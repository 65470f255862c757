"""Recount a topic's or a category's denormalised counters from their rows.

Posting updates the counters by increments; actions that take posts or topics out of
view (delete, hide, move) recount instead, which stays right whatever happened before.
"""

from django.db.models import Count, Q, Sum

from forums.models import Category, Post, Topic


def refresh_topic(topic: Topic) -> Topic:
    """Shown posts, and the latest of them, of one topic."""
    shown = Post.objects.filter(topic=topic, is_deleted=False, is_hidden=False)
    last_post = shown.order_by("-position").first()
    topic.post_count = shown.count()
    topic.last_post = last_post
    topic.last_post_at = last_post.created_at if last_post else topic.created_at
    topic.save(update_fields=["post_count", "last_post", "last_post_at"])
    return topic


def refresh_category(category: Category) -> Category:
    """Shown topics and their posts, and the latest post, of one category."""
    shown = Topic.objects.filter(category=category, is_hidden=False)
    totals = shown.aggregate(
        topics=Count("pk"), posts=Sum("post_count", filter=Q(post_count__gt=0))
    )
    latest = (
        shown.filter(last_post__isnull=False)
        .order_by("-last_post_at", "-pk")
        .values("last_post_id", "last_post_at")
        .first()
    )
    category.topic_count = totals["topics"]
    category.post_count = totals["posts"] or 0
    category.last_post_id = latest["last_post_id"] if latest else None
    category.last_post_at = latest["last_post_at"] if latest else None
    category.save(
        update_fields=["topic_count", "post_count", "last_post", "last_post_at"]
    )
    return category
