"""Template helpers of the forum: per-post permissions (asked of `network.access`), the
header link with the unread count, and the moderators' open report count."""

from django import template

from forums import access as forum_access
from portal import access

from ..models import Notification, Report

register = template.Library()


@register.filter
def readable_by(post, user) -> bool:
    """May the user read the post's text (a hidden post: moderators)."""
    return forum_access.can_read_forum_post(user, post)


@register.filter
def editable_by(post, user) -> bool:
    return forum_access.can_edit_forum_post(user, post)


@register.filter
def deletable_by(post, user) -> bool:
    return forum_access.can_delete_forum_post(user, post)


@register.filter
def respondable_by(post, user) -> bool:
    """May the user react to and report the post."""
    return forum_access.can_respond_to_forum_post(user, post)


@register.filter
def open_for(topic, user) -> bool:
    """May the user reply in (and quote into) the topic."""
    return forum_access.can_post_in_topic(user, topic)


@register.filter
def reaction_count(post, kind: str) -> int:
    return post.reaction_count(kind)


@register.filter
def has_reaction(post, kind: str) -> bool:
    """Whether the viewer reacted so (annotated by `PostQuerySet.with_reactions_of`)."""
    return bool(getattr(post, f"reacted_{kind}", False))


@register.simple_tag
def open_report_count() -> int:
    return Report.objects.open().count()


@register.inclusion_tag("forums/includes/header_links.html", takes_context=True)
def forum_header_links(context):
    """The forum link and the unread notification count in the header, for members."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not access.can_view_members_content(user):
        return {"show": False}
    unread = Notification.objects.for_user(user).unread().count()
    return {"show": True, "unread_count": unread}
