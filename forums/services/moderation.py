"""Moderators' actions on topics and posts, and members' reports; all in the audit log."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.log_actions import log

from forums import access as forum_access
from forums.exceptions import (
    AlreadyReportedError,
    ForumError,
    InvalidMoveError,
    NotAllowedError,
    TooLongError,
)
from forums.models import REASON_MAX_LENGTH, Category, Post, Report, Topic

from .counters import refresh_category, refresh_topic
from .posting import check_rate_limit, record_rate


def clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ForumError(_("Give a reason."))
    if len(reason) > REASON_MAX_LENGTH:
        raise TooLongError(
            ngettext(
                "The reason can be at most %(limit)d character.",
                "The reason can be at most %(limit)d characters.",
                REASON_MAX_LENGTH,
            )
            % {"limit": REASON_MAX_LENGTH}
        )
    return reason


def _check_moderator(user) -> None:
    if not forum_access.can_moderate(user):
        raise NotAllowedError()


def _locked_topic(topic: Topic) -> Topic:
    return Topic.objects.select_for_update().select_related("category").get(pk=topic.pk)


# --- Topics -------------------------------------------------------------------------------


def pin_topic(*, topic: Topic, moderator) -> Topic:
    """Keep the topic at the top of its category."""
    return _set_topic_flags(topic, moderator, "forums.pin_topic", is_pinned=True)


def unpin_topic(*, topic: Topic, moderator) -> Topic:
    return _set_topic_flags(topic, moderator, "forums.unpin_topic", is_pinned=False)


def lock_topic(*, topic: Topic, moderator, reason: str) -> Topic:
    """Stop replies; the reason is shown on the topic."""
    reason = clean_reason(reason)
    return _set_topic_flags(
        topic, moderator, "forums.lock_topic", is_locked=True, lock_reason=reason
    )


def unlock_topic(*, topic: Topic, moderator) -> Topic:
    return _set_topic_flags(
        topic, moderator, "forums.unlock_topic", is_locked=False, lock_reason=""
    )


def hide_topic(*, topic: Topic, moderator, reason: str) -> Topic:
    """Take the whole topic out of view for everyone but moderators."""
    reason = clean_reason(reason)
    topic = _set_topic_flags(
        topic, moderator, "forums.hide_topic", is_hidden=True, hidden_reason=reason
    )
    refresh_category(topic.category)
    return topic


def unhide_topic(*, topic: Topic, moderator) -> Topic:
    topic = _set_topic_flags(
        topic, moderator, "forums.unhide_topic", is_hidden=False, hidden_reason=""
    )
    refresh_category(topic.category)
    return topic


def move_topic(*, topic: Topic, moderator, category: Category) -> Topic:
    """Move the topic to another category; both categories are recounted."""
    _check_moderator(moderator)
    with transaction.atomic():
        topic = _locked_topic(topic)
        old_category = topic.category
        if old_category.pk == category.pk:
            raise InvalidMoveError()
        topic.category = category
        topic.save(update_fields=["category"])
        refresh_category(old_category)
        refresh_category(category)
        log(
            instance=topic,
            action="forums.move_topic",
            user=moderator,
            data={
                "from": old_category.name_fi,
                "to": category.name_fi,
                "from_id": old_category.pk,
                "to_id": category.pk,
            },
        )
    return topic


def _set_topic_flags(topic: Topic, moderator, action: str, **changes) -> Topic:
    _check_moderator(moderator)
    with transaction.atomic():
        topic = _locked_topic(topic)
        for field, value in changes.items():
            setattr(topic, field, value)
        topic.save(update_fields=list(changes))
        reason = changes.get("lock_reason") or changes.get("hidden_reason") or ""
        log(
            instance=topic,
            action=action,
            user=moderator,
            data={"reason": reason} if reason else {},
        )
    return topic


# --- Posts --------------------------------------------------------------------------------


def hide_post(*, post: Post, moderator, reason: str) -> Post:
    """Hide a post's text from members; its place shows that it was hidden and why."""
    reason = clean_reason(reason)
    _check_moderator(moderator)
    with transaction.atomic():
        post = _hide(post, moderator, reason)
    return post


def restore_post(*, post: Post, moderator) -> Post:
    _check_moderator(moderator)
    with transaction.atomic():
        post = (
            Post.objects.select_for_update()
            .select_related("topic__category")
            .get(pk=post.pk)
        )
        post.is_hidden = False
        post.hidden_reason = ""
        post.save(update_fields=["is_hidden", "hidden_reason"])
        _recount_for(post)
        log(instance=post, action="forums.restore_post", user=moderator)
    return post


def _hide(post: Post, moderator, reason: str) -> Post:
    post = (
        Post.objects.select_for_update()
        .select_related("topic__category")
        .get(pk=post.pk)
    )
    post.is_hidden = True
    post.hidden_reason = reason
    post.save(update_fields=["is_hidden", "hidden_reason"])
    _recount_for(post)
    log(
        instance=post,
        action="forums.hide_post",
        user=moderator,
        data={"reason": reason},
    )
    return post


def _recount_for(post: Post) -> None:
    refresh_topic(post.topic)
    refresh_category(post.topic.category)


# --- Reports ------------------------------------------------------------------------------


def report_post(
    *, post: Post, reporter, reason: str, now: datetime.datetime | None = None
) -> Report:
    """A member tells the moderators what is wrong with someone else's post."""
    now = now or timezone.now()
    reason = clean_reason(reason)
    if not forum_access.can_respond_to_forum_post(reporter, post):
        raise NotAllowedError()
    check_rate_limit(user=reporter, action="report", now=now)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                post=post, reporter=reporter, reason=reason, created_at=now
            )
    except IntegrityError as error:
        raise AlreadyReportedError() from error
    record_rate(user=reporter, action="report", now=now)
    return report


def hide_reported_post(
    *, report: Report, moderator, note: str, now: datetime.datetime | None = None
) -> Report:
    """Act on a report: hide the post with the note as the reason; every open report of
    the post is closed as actioned."""
    now = now or timezone.now()
    note = clean_reason(note)
    _check_moderator(moderator)
    with transaction.atomic():
        post = report.post
        if not post.is_hidden:
            _hide(post, moderator, note)
        _close_reports(post, moderator, note, Report.Status.ACTIONED, now)
    report.refresh_from_db()
    return report


def dismiss_report(
    *, report: Report, moderator, note: str = "", now: datetime.datetime | None = None
) -> Report:
    """Close one report without acting on the post."""
    now = now or timezone.now()
    note = " ".join(note.split())[:REASON_MAX_LENGTH]
    _check_moderator(moderator)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        report.status = Report.Status.DISMISSED
        report.resolved_by = moderator
        report.resolved_at = now
        report.resolution_note = note
        report.save(
            update_fields=["status", "resolved_by", "resolved_at", "resolution_note"]
        )
        log(
            instance=report,
            action="forums.dismiss_report",
            user=moderator,
            data={"note": note} if note else {},
        )
    return report


def _close_reports(post: Post, moderator, note: str, status: str, now) -> None:
    Report.objects.open().filter(post=post).update(
        status=status, resolved_by=moderator, resolved_at=now, resolution_note=note
    )
