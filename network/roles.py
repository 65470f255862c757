"""The network's roles as Django groups with permissions, kept after each migrate."""

from django.contrib.auth.management import create_permissions

MEMBERS_GROUP = "Network members"
MODERATORS_GROUP = "Forum moderators"
MEMBERSHIP_MANAGERS_GROUP = "Membership managers"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    MEMBERS_GROUP: ["view_members_content"],
    MODERATORS_GROUP: ["view_members_content", "moderate_forums"],
    MEMBERSHIP_MANAGERS_GROUP: [
        "view_members_content",
        "manage_membership",
        "view_memberprofile",
        "change_memberprofile",
    ],
}


def ensure_role_groups(
    sender, app_config=None, apps=None, using="default", **kwargs
) -> None:
    """Create the role groups with their permissions; safe to run repeatedly."""
    from django.contrib.auth.models import Group, Permission

    if app_config is not None:
        create_permissions(app_config, verbosity=0, using=using)
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        permissions = Permission.objects.using(using).filter(
            content_type__app_label="network", codename__in=codenames
        )
        group.permissions.add(*permissions)
