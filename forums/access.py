"""Who may read, write and respond in the forum: the forum's rules on the audience core."""

from portal.access import can_view_members_content, is_signed_in

MODERATE_PERMISSION = "network.moderate_forums"


def can_moderate(user) -> bool:
    """Forum moderators and administrators."""
    return is_signed_in(user) and user.has_perm(MODERATE_PERMISSION)


def can_view_forum_topic(user, topic) -> bool:
    """Members read the forum; a hidden topic only moderators."""
    return can_view_members_content(user) and (
        not topic.is_hidden or can_moderate(user)
    )


def can_post_in_topic(user, topic) -> bool:
    """Replies go to visible topics; a locked topic takes replies from moderators only."""
    return (
        can_view_members_content(user)
        and not topic.is_hidden
        and (not topic.is_locked or can_moderate(user))
    )


def can_edit_forum_post(user, post) -> bool:
    """Authors edit their own shown posts while the topic is open; moderators any post."""
    if post.is_deleted or not can_view_forum_topic(user, post.topic):
        return False
    if can_moderate(user):
        return True
    return post.author_id == user.pk and not post.is_hidden and not post.topic.is_locked


def can_delete_forum_post(user, post) -> bool:
    """Only the author deletes a post (softly), also in a locked topic."""
    return (
        not post.is_deleted
        and post.author_id == user.pk
        and can_view_forum_topic(user, post.topic)
    )


def can_respond_to_forum_post(user, post) -> bool:
    """Reacting to and reporting a post: someone else's, shown, in a visible topic."""
    return (
        post.is_visible
        and post.author_id != user.pk
        and can_view_forum_topic(user, post.topic)
    )


def can_read_forum_post(user, post) -> bool:
    """A post's text and attachments: shown posts to readers of the topic; a hidden post
    to moderators too; a deleted post to no one."""
    if post.is_deleted or not can_view_forum_topic(user, post.topic):
        return False
    return not post.is_hidden or can_moderate(user)
