"""The forum's part of "download my data" and of account deletion.

Posts and topics stay (others replied to them) but lose their author, so they show as by
"deleted user"; everything else about the person is deleted.
"""

from typing import Any

from django.db import transaction
from django.db.models import Count, F

from forums.models import (
    Attachment,
    ForumPreference,
    Notification,
    Post,
    Reaction,
    ReadState,
    Report,
    Subscription,
    Topic,
)


def collect_forum_data(user) -> dict[str, Any]:
    """What the forum holds about the person, as JSON-serialisable data."""
    preference = ForumPreference.objects.filter(user=user).first()
    return {
        "topics_started": [
            {"title": topic.title, "created_at": topic.created_at}
            for topic in Topic.objects.filter(author=user).order_by("created_at")
        ],
        "posts": [
            {
                "topic": post.topic.title,
                "position": post.position,
                "text": post.body,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
                "is_deleted": post.is_deleted,
                "attachments": [a.original_name for a in post.attachments.all()],
            }
            for post in Post.objects.filter(author=user)
            .select_related("topic")
            .prefetch_related("attachments")
            .order_by("created_at", "pk")
        ],
        "reactions": list(
            Reaction.objects.filter(user=user)
            .order_by("created_at")
            .values("post_id", "kind", "created_at")
        ),
        "subscriptions": [
            {
                "topic": subscription.topic.title if subscription.topic else None,
                "category": (
                    subscription.category.name_fi if subscription.category else None
                ),
                "is_active": subscription.is_active,
            }
            for subscription in Subscription.objects.filter(user=user).select_related(
                "topic", "category"
            )
        ],
        "reports": list(
            Report.objects.filter(reporter=user)
            .order_by("created_at")
            .values("post_id", "reason", "created_at", "status")
        ),
        "notifications": Notification.objects.filter(recipient=user).count(),
        "email_notifications": preference.email_frequency if preference else "off",
    }


def erase_forum_data(user) -> None:
    """Detach the person's posts and topics; delete their personal forum rows."""
    with transaction.atomic():
        reacted = list(
            Reaction.objects.filter(user=user)
            .values("post_id", "kind")
            .annotate(count=Count("pk"))
        )
        Reaction.objects.filter(user=user).delete()
        for row in reacted:
            field = f"{row['kind']}_count"
            Post.objects.filter(pk=row["post_id"]).update(
                **{field: F(field) - row["count"]}
            )
        Post.objects.filter(author=user).update(author=None)
        Post.objects.filter(edited_by=user).update(edited_by=None)
        Topic.objects.filter(author=user).update(author=None)
        Attachment.objects.filter(uploaded_by=user).update(uploaded_by=None)
        Report.objects.filter(reporter=user).update(reporter=None)
        Report.objects.filter(resolved_by=user).update(resolved_by=None)
        for model in (Subscription, ReadState):
            model.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()
        ForumPreference.objects.filter(user=user).delete()
