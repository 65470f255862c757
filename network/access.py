"""Every "may this user…?" answer of the portal; views and templates ask here."""

from enum import Enum

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    SIGNED_IN = "signed_in", _("Signed-in users")
    MEMBERS = "members", _("Verified network members")


class Decision(Enum):
    ALLOW = "allow"
    LOGIN = "login"
    FORBID = "forbid"


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_view_members_content(user) -> bool:
    """Verified members, moderators and staff see members-only content."""
    return is_signed_in(user) and (
        user.is_staff or user.has_perm("network.view_members_content")
    )


def can_moderate(user) -> bool:
    return is_signed_in(user) and user.has_perm("network.moderate_forums")


def can_manage_membership(user) -> bool:
    return is_signed_in(user) and user.has_perm("network.manage_membership")


def is_staff_editor(user) -> bool:
    return is_signed_in(user) and user.is_staff


def can_view_coverage(user) -> bool:
    """Staff editors and membership managers see the network's coverage report."""
    return is_staff_editor(user) or can_manage_membership(user)


def visible_audiences(user) -> list[str]:
    """The audience values whose content this user may see."""
    if can_view_members_content(user):
        return [Audience.PUBLIC, Audience.SIGNED_IN, Audience.MEMBERS]
    if is_signed_in(user):
        return [Audience.PUBLIC, Audience.SIGNED_IN]
    return [Audience.PUBLIC]


def audience_decision(user, audience: str) -> Decision:
    """Allow, ask to log in (anonymous), or forbid (signed in but not allowed)."""
    if audience in visible_audiences(user):
        return Decision.ALLOW
    if not is_signed_in(user):
        return Decision.LOGIN
    return Decision.FORBID


def can_view(user, obj) -> bool:
    """Whether the user may see an object with an `audience` (default: public)."""
    audience = getattr(obj, "audience", Audience.PUBLIC)
    return audience_decision(user, audience) is Decision.ALLOW


def members_content_viewers(users):
    """The users of a queryset who pass `can_view_members_content`, in one query
    (for choosing whom to notify)."""
    from django.db.models import Q

    perm = {"codename": "view_members_content", "content_type__app_label": "network"}
    granted = (
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(**{f"groups__permissions__{key}": value for key, value in perm.items()})
        | Q(**{f"user_permissions__{key}": value for key, value in perm.items()})
    )
    return users.filter(is_active=True).filter(granted).distinct()


# --- Forums (forums): rules about one topic or post -----------------------------


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


# --- Events ---------------------------------------------------------------------------


def can_manage_own_registration(user, registration) -> bool:
    """A signed-in person sees and cancels their own event registration."""
    return is_signed_in(user) and registration.user_id == user.pk


def can_manage_event_registrations(user) -> bool:
    """Staff handle registrations: approve, add, move, attendance, messages and exports."""
    return is_staff_editor(user) and user.has_perm("events.change_registration")


# --- Surveys (surveys) ------------------------------------------------------------


def can_manage_survey(user, survey) -> bool:
    """Staff who may edit the survey page see its full results, exports and invitations."""
    return is_staff_editor(user) and survey.permissions_for_user(user).can_edit()


def represents_municipality(user, municipality_id) -> bool:
    """A verified member whose profile names this municipality (edits its survey answers)."""
    if not is_signed_in(user) or municipality_id is None:
        return False
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        return False
    return profile.is_verified and profile.municipality_id == municipality_id


def survey_results_decision(user, survey, *, now) -> Decision:
    """Survey managers see full results at any time; verified members see the published
    aggregate results once the survey has closed."""
    if can_manage_survey(user, survey):
        return Decision.ALLOW
    if not is_signed_in(user):
        return Decision.LOGIN
    if (
        can_view_members_content(user)
        and survey.results_published
        and survey.is_closed(now)
    ):
        return Decision.ALLOW
    return Decision.FORBID
