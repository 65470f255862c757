"""The audience core of access, the lowest layer every app may import: who is signed in,
a verified member or staff, and which audiences they see. Each app builds its own rules on it
(`network/access.py`, `events/access.py`, ...)."""

from enum import Enum

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


def is_staff_editor(user) -> bool:
    return is_signed_in(user) and user.is_staff


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
