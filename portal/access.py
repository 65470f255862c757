"""The audience core of access, the lowest layer every app may import: who is signed in,
a verified member or in one of the office's roles, and which audiences they see. Every
rule checks a permission (never `is_staff` or a group's name), so a role is a group that
holds permissions (`network.roles`). Each app builds its own rules on it
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


#: Permissions the audience core checks ("app_label.codename"). The office's roles are
#: groups holding them (`network.roles`); superusers hold every permission.
MEMBERS_CONTENT_PERMISSION = "network.view_members_content"
OFFICE_TOOLS_PERMISSION = "portal.use_office_tools"
ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"


def can_view_members_content(user) -> bool:
    """Verified members and the office's roles see members-only content."""
    return is_signed_in(user) and user.has_perm(MEMBERS_CONTENT_PERMISSION)


def is_staff_editor(user) -> bool:
    """Editors and administrators: the office's editing tools (survey results, staff
    reports, forum categories, every document)."""
    return is_signed_in(user) and user.has_perm(OFFICE_TOOLS_PERMISSION)


def can_access_admin(user) -> bool:
    """Everyone with a role in the office (and superusers) reaches the Wagtail admin."""
    return is_signed_in(user) and user.has_perm(ADMIN_ACCESS_PERMISSION)


def can_manage_people(user) -> bool:
    """Administrators manage people in the admin: their roles and a lost second factor."""
    return is_signed_in(user) and user.has_perm("portal.change_user")


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


def users_with_permission(users, permission: str):
    """The active users of a queryset who hold a permission ("app_label.codename")
    through a group, directly or as superusers, in one query."""
    from django.db.models import Q

    app_label, codename = permission.split(".")
    held = {"codename": codename, "content_type__app_label": app_label}
    granted = (
        Q(is_superuser=True)
        | Q(**{f"groups__permissions__{key}": value for key, value in held.items()})
        | Q(**{f"user_permissions__{key}": value for key, value in held.items()})
    )
    return users.filter(is_active=True).filter(granted).distinct()


def members_content_viewers(users):
    """The users of a queryset who pass `can_view_members_content`, in one query
    (for choosing whom to notify)."""
    return users_with_permission(users, MEMBERS_CONTENT_PERMISSION)
