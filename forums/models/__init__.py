from .categories import Category, CategoryQuerySet
from .moderation import REASON_MAX_LENGTH, Report, ReportQuerySet
from .notifications import (
    ForumPreference,
    Notification,
    NotificationQuerySet,
    Subscription,
    SubscriptionQuerySet,
)
from .posts import (
    BODY_MAX_LENGTH,
    POSTS_PER_PAGE,
    Attachment,
    Post,
    PostQuerySet,
    PrivateAttachmentStorage,
    Reaction,
    TopicPosts,
)
from .reading import ReadState
from .topics import TITLE_MAX_LENGTH, TOPICS_PER_PAGE, Topic, TopicQuerySet

__all__ = [
    "BODY_MAX_LENGTH",
    "POSTS_PER_PAGE",
    "REASON_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "TOPICS_PER_PAGE",
    "Attachment",
    "Category",
    "CategoryQuerySet",
    "ForumPreference",
    "Notification",
    "NotificationQuerySet",
    "Post",
    "PostQuerySet",
    "PrivateAttachmentStorage",
    "Reaction",
    "ReadState",
    "Report",
    "ReportQuerySet",
    "Subscription",
    "SubscriptionQuerySet",
    "Topic",
    "TopicPosts",
    "TopicQuerySet",
]
