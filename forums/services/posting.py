"""Writing in the forum: topics, replies, edits, soft deletes, reactions, rate limits."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.log_actions import log

from forums import access as forum_access
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
    Reaction,
    Topic,
)
from portal import access
from portal.ratelimit import count_hit, hits_in_window, seconds_left
from portal.sanitizer import render_markdown

from . import attachments as attachment_rules
from .counters import refresh_category, refresh_topic
from .notifications import (
    ensure_topic_subscription,
    notify_about_post,
    notify_new_mentions,
    set_email_frequency,
)
from .reading import mark_topic_read

# (seconds, how many) per action and person; every window must allow the action.
RATE_LIMITS: dict[str, tuple[tuple[int, int], ...]] = {
    "post": ((60, 5), (3600, 60)),
    "topic": ((3600, 10),),
    "report": ((3600, 20),),
}


# --- Limits -------------------------------------------------------------------------------


def check_rate_limit(*, user, action: str, now: datetime.datetime) -> None:
    """Refuse when the person already did `action` as often as a window allows."""
    stamp = now.timestamp()
    for seconds, limit in RATE_LIMITS[action]:
        key = _rate_key(user, action, seconds)
        if hits_in_window(key, window_seconds=seconds, now=stamp) >= limit:
            raise RateLimitedError(
                retry_after=seconds_left(window_seconds=seconds, now=stamp)
            )


def record_rate(*, user, action: str, now: datetime.datetime) -> None:
    """Count one `action` of the person in every window (after it succeeded)."""
    for seconds, _limit in RATE_LIMITS[action]:
        count_hit(
            _rate_key(user, action, seconds),
            window_seconds=seconds,
            now=now.timestamp(),
        )


def _rate_key(user, action: str, seconds: int) -> str:
    return f"forums:rate:{action}:{user.pk}:{seconds}"


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ForumError(_("Give the topic a title."))
    if len(title) > TITLE_MAX_LENGTH:
        raise TooLongError(
            ngettext(
                "The title can be at most %(limit)d character.",
                "The title can be at most %(limit)d characters.",
                TITLE_MAX_LENGTH,
            )
            % {"limit": TITLE_MAX_LENGTH}
        )
    return title


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ForumError(_("Write something first."))
    if len(body) > BODY_MAX_LENGTH:
        raise TooLongError(
            ngettext(
                "A post can be at most %(limit)d characters; this one has %(count)d.",
                "A post can be at most %(limit)d characters; this one has %(count)d.",
                len(body),
            )
            % {"limit": BODY_MAX_LENGTH, "count": len(body)}
        )
    return body


# --- Topics and replies -------------------------------------------------------------------


def start_topic(
    *,
    category: Category,
    user,
    title: str,
    body: str,
    uploads=(),
    email_frequency: str = "",
    now: datetime.datetime | None = None,
) -> Topic:
    """Open a topic with its first post; the author follows it from then on."""
    now = now or timezone.now()
    if not access.can_view_members_content(user):
        raise NotAllowedError()
    title, body = clean_title(title), clean_body(body)
    attachment_rules.check_attachment_count(existing=0, adding=len(uploads))
    check_rate_limit(user=user, action="topic", now=now)
    check_rate_limit(user=user, action="post", now=now)
    with transaction.atomic():
        topic = Topic.objects.create(
            category=category,
            title=title,
            author=user,
            created_at=now,
            last_post_at=now,
            language=translation.get_language(),
        )
        post = _add_post(topic=topic, user=user, body=body, uploads=uploads, now=now)
        Category.objects.filter(pk=category.pk).update(
            topic_count=F("topic_count") + 1,
            post_count=F("post_count") + 1,
            last_post=post,
            last_post_at=now,
        )
        _after_posting(post=post, user=user, email_frequency=email_frequency, now=now)
    record_rate(user=user, action="topic", now=now)
    record_rate(user=user, action="post", now=now)
    return topic


def start_page_topic(
    *,
    category: Category,
    page_id: int,
    user,
    title: str,
    body: str,
    now: datetime.datetime | None = None,
) -> Topic:
    """Open the discussion of a page (a shared good practice) on behalf of the person
    named as its starter; the portal writes it, so no rate limit applies. One topic per
    page: the existing one is returned."""
    now = now or timezone.now()
    existing = Topic.objects.filter(page_id=page_id).first()
    if existing is not None:
        return existing
    if not access.can_view_members_content(user):
        raise NotAllowedError()
    title = clean_title(title[:TITLE_MAX_LENGTH])
    body = clean_body(body)
    try:
        with transaction.atomic():
            topic = Topic.objects.create(
                category=category,
                title=title,
                author=user,
                page_id=page_id,
                created_at=now,
                last_post_at=now,
                language=translation.get_language(),
            )
            post = _add_post(topic=topic, user=user, body=body, uploads=(), now=now)
            Category.objects.filter(pk=category.pk).update(
                topic_count=F("topic_count") + 1,
                post_count=F("post_count") + 1,
                last_post=post,
                last_post_at=now,
            )
            _after_posting(post=post, user=user, email_frequency="", now=now)
    except IntegrityError:  # opened at the same moment by another worker
        return Topic.objects.get(page_id=page_id)
    return topic


def reply_to_topic(
    *,
    topic: Topic,
    user,
    body: str,
    quoting: Post | None = None,
    uploads=(),
    email_frequency: str = "",
    now: datetime.datetime | None = None,
) -> Post:
    """Add a post at the end of a topic, optionally quoting one of its posts."""
    now = now or timezone.now()
    body = clean_body(body)
    attachment_rules.check_attachment_count(existing=0, adding=len(uploads))
    check_rate_limit(user=user, action="post", now=now)
    with transaction.atomic():
        topic = (
            Topic.objects.select_for_update()
            .select_related("category")
            .get(pk=topic.pk)
        )
        _check_can_reply(user, topic)
        if quoting is not None and (
            quoting.topic_id != topic.pk or not quoting.is_visible
        ):
            quoting = None
        post = _add_post(
            topic=topic, user=user, body=body, uploads=uploads, now=now, quoting=quoting
        )
        Category.objects.filter(pk=topic.category_id).update(
            post_count=F("post_count") + 1, last_post=post, last_post_at=now
        )
        _after_posting(post=post, user=user, email_frequency=email_frequency, now=now)
    record_rate(user=user, action="post", now=now)
    return post


def _check_can_reply(user, topic: Topic) -> None:
    if forum_access.can_post_in_topic(user, topic):
        return
    if topic.is_locked and forum_access.can_view_forum_topic(user, topic):
        raise TopicLockedError()
    raise NotAllowedError()


def _add_post(
    *, topic: Topic, user, body: str, uploads, now, quoting: Post | None = None
) -> Post:
    """Create the next post of a locked (or new) topic row and update its counters."""
    post = Post.objects.create(
        topic=topic,
        position=topic.last_position + 1,
        author=user,
        body=body,
        body_html=render_markdown(body),
        reply_to=quoting,
        created_at=now,
        language=translation.get_language(),
    )
    attachment_rules.store_attachments(post=post, uploads=list(uploads), user=user)
    topic.last_position = post.position
    topic.post_count += 1
    topic.last_post = post
    topic.last_post_at = now
    topic.save(
        update_fields=["last_position", "post_count", "last_post", "last_post_at"]
    )
    post.topic = topic
    return post


def _after_posting(*, post: Post, user, email_frequency: str, now) -> None:
    if email_frequency:
        set_email_frequency(user=user, frequency=email_frequency, now=now)
    ensure_topic_subscription(user=user, topic=post.topic)
    mark_topic_read(user=user, topic=post.topic, position=post.position, now=now)
    notify_about_post(post=post, now=now)


def quote_for_reply(*, post: Post) -> str:
    """The Markdown that starts a reply quoting this post (empty for a hidden post)."""
    from forums.markup import quote_markdown

    if not post.is_visible:
        return ""
    heading = _("%(name)s wrote:") % {"name": post.author_name}
    return quote_markdown(heading=heading, body=post.body)


# --- Editing and deleting -----------------------------------------------------------------


def edit_post(
    *,
    post: Post,
    user,
    body: str,
    uploads=(),
    remove_attachments=(),
    now: datetime.datetime | None = None,
) -> Post:
    """Change a post's text and attachments; it gets an "edited" mark with the time.

    A moderator's edit of someone else's post goes to the audit log.
    """
    now = now or timezone.now()
    body = clean_body(body)
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
        if not forum_access.can_edit_forum_post(user, post):
            if post.topic.is_locked and post.author_id == user.pk:
                raise TopicLockedError()
            raise NotAllowedError()
        removing = list(
            post.attachments.filter(pk__in=[a.pk for a in remove_attachments])
        )
        attachment_rules.check_attachment_count(
            existing=post.attachments.count() - len(removing), adding=len(uploads)
        )
        post.body = body
        post.body_html = render_markdown(body)
        post.edited_at = now
        post.edited_by = user
        post.save(update_fields=["body", "body_html", "edited_at", "edited_by"])
        attachment_rules.delete_attachments(removing)
        attachment_rules.store_attachments(post=post, uploads=list(uploads), user=user)
        if post.author_id != user.pk:
            log(instance=post, action="forums.edit_post", user=user)
        notify_new_mentions(post=post, now=now)
    return post


def delete_post(*, post: Post, user, now: datetime.datetime | None = None) -> Post:
    """The author removes their post: its place in the topic stays with a note, its text
    is no longer shown and its attachments are deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
        if not forum_access.can_delete_forum_post(user, post):
            raise NotAllowedError()
        post.is_deleted = True
        post.deleted_at = now
        post.save(update_fields=["is_deleted", "deleted_at"])
        attachment_rules.delete_attachments(post.attachments.all())
        refresh_topic(post.topic)
        refresh_category(post.topic.category)
    return post


# --- Reactions ----------------------------------------------------------------------------


def add_reaction(*, post: Post, user, kind: str) -> Post:
    """Thank a post or mark it useful: once per person and kind."""
    _check_can_react(user, post, kind)
    with transaction.atomic():
        _reaction, created = Reaction.objects.get_or_create(
            post=post, user=user, kind=kind
        )
        if created:
            Post.objects.filter(pk=post.pk).update(
                **{f"{kind}_count": F(f"{kind}_count") + 1}
            )
    post.refresh_from_db(fields=["thanks_count", "useful_count"])
    return post


def remove_reaction(*, post: Post, user, kind: str) -> Post:
    _check_can_react(user, post, kind)
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(
            post=post, user=user, kind=kind
        ).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(
                **{f"{kind}_count": F(f"{kind}_count") - 1}
            )
    post.refresh_from_db(fields=["thanks_count", "useful_count"])
    return post


def _check_can_react(user, post: Post, kind: str) -> None:
    if kind not in Reaction.Kind.values:
        raise ForumError(_("Unknown reaction."))
    if not forum_access.can_respond_to_forum_post(user, post):
        raise NotAllowedError()


def has_reacted(*, post: Post, user, kind: str) -> bool:
    return Reaction.objects.filter(post=post, user=user, kind=kind).exists()
