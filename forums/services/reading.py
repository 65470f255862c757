"""Read state: how far each member has read each topic, and "mark everything read"."""

import datetime

from django.utils import timezone

from forums.models import ForumPreference, Notification, Post, ReadState, Topic
from portal.cache import mark_out_of_date

from .notifications import UNREAD_COUNTS, mark_notifications_read


def mark_topic_read(
    *, user, topic: Topic, position: int, now: datetime.datetime | None = None
) -> None:
    """Remember that the person has seen the topic up to post `position` (never moving
    backwards) and mark their notifications about those posts read."""
    now = now or timezone.now()
    moved = ReadState.objects.filter(
        user=user, topic=topic, last_read_position__lt=position
    ).update(last_read_position=position, updated_at=now)
    if not moved:
        ReadState.objects.get_or_create(
            user=user,
            topic=topic,
            defaults={"last_read_position": position, "updated_at": now},
        )
    marked = Notification.objects.filter(
        recipient=user,
        read_at__isnull=True,
        post__topic=topic,
        post__position__lte=position,
    ).update(read_at=now)
    if marked:  # a queryset update sends no signal
        mark_out_of_date(UNREAD_COUNTS)


def first_unread_post(*, user, topic: Topic) -> Post | None:
    """The first post the person has not seen, or the latest post when all are read."""
    read_position = (
        ReadState.objects.filter(user=user, topic=topic)
        .values_list("last_read_position", flat=True)
        .first()
    ) or 0
    posts = Post.objects.filter(topic=topic)
    unread = posts.filter(position__gt=read_position)
    all_read_at = (
        ForumPreference.objects.filter(user=user)
        .values_list("all_read_at", flat=True)
        .first()
    )
    if all_read_at is not None:
        unread = unread.filter(created_at__gt=all_read_at)
    return unread.order_by("position").first() or posts.order_by("-position").first()


def mark_all_read(*, user, now: datetime.datetime | None = None) -> ForumPreference:
    """Everything posted until now counts as read, and so do all notifications."""
    now = now or timezone.now()
    preference, _created = ForumPreference.objects.update_or_create(
        user=user, defaults={"all_read_at": now}
    )
    mark_notifications_read(user=user, now=now)
    return preference
