"""Who may read, write and respond in the forum: the forum's rules on the audience core."""

from django.utils.functional import cached_property

from portal.access import can_view_members_content, is_signed_in

MODERATE_PERMISSION = "network.moderate_forums"


def can_moderate(user) -> bool:
    """Forum moderators and administrators."""
    return is_signed_in(user) and user.has_perm(MODERATE_PERMISSION)


def can_view_forum_topic(user, topic) -> bool:
    """Members read the forum; a hidden topic only moderators."""
    return TopicReader(user, topic).can_view_topic


def can_post_in_topic(user, topic) -> bool:
    """Replies go to visible topics; a locked topic takes replies from moderators only."""
    return TopicReader(user, topic).can_post


class TopicReader:
    """The per-post rules below for one reader of one topic, with the reader's facts (a
    moderator? may read the topic?) asked once: a page of posts asks them per page, not
    per post and rule. The `can_*_forum_post` functions ask through it."""

    def __init__(self, user, topic):
        self.user = user
        self.topic = topic

    @cached_property
    def is_moderator(self) -> bool:
        return can_moderate(self.user)

    @cached_property
    def can_view_topic(self) -> bool:
        return can_view_members_content(self.user) and (
            not self.topic.is_hidden or self.is_moderator
        )

    @cached_property
    def can_post(self) -> bool:
        return (
            can_view_members_content(self.user)
            and not self.topic.is_hidden
            and (not self.topic.is_locked or self.is_moderator)
        )

    def can_edit(self, post) -> bool:
        """Authors edit their own shown posts while the topic is open; moderators any
        post."""
        if post.is_deleted or not self.can_view_topic:
            return False
        if self.is_moderator:
            return True
        return (
            post.author_id == self.user.pk
            and not post.is_hidden
            and not self.topic.is_locked
        )

    def can_delete(self, post) -> bool:
        """Only the author deletes a post (softly), also in a locked topic."""
        return (
            not post.is_deleted
            and post.author_id == self.user.pk
            and self.can_view_topic
        )

    def can_respond(self, post) -> bool:
        """Reacting to and reporting a post: someone else's, shown, in a visible topic."""
        return (
            post.is_visible and post.author_id != self.user.pk and self.can_view_topic
        )

    def can_read(self, post) -> bool:
        """A post's text and attachments: shown posts to readers of the topic; a hidden
        post to moderators too; a deleted post to no one."""
        if post.is_deleted or not self.can_view_topic:
            return False
        return not post.is_hidden or self.is_moderator


def can_edit_forum_post(user, post) -> bool:
    return TopicReader(user, post.topic).can_edit(post)


def can_delete_forum_post(user, post) -> bool:
    return TopicReader(user, post.topic).can_delete(post)


def can_respond_to_forum_post(user, post) -> bool:
    return TopicReader(user, post.topic).can_respond(post)


def can_read_forum_post(user, post) -> bool:
    return TopicReader(user, post.topic).can_read(post)
