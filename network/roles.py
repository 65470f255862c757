"""The network's roles as Django groups with permissions, kept after each migrate."""

from django.contrib.auth.management import create_permissions

MEMBERS_GROUP = "Network members"
MODERATORS_GROUP = "Forum moderators"
MEMBERSHIP_MANAGERS_GROUP = "Membership managers"

# Permissions as "app_label.codename".
ROLE_PERMISSIONS: dict[str, list[str]] = {
    MEMBERS_GROUP: ["network.view_members_content"],
    MODERATORS_GROUP: ["network.view_members_content", "network.moderate_forums"],
    MEMBERSHIP_MANAGERS_GROUP: [
        "network.view_members_content",
        "network.manage_membership",
        "network.view_memberprofile",
        "network.change_memberprofile",
        "network.view_municipality",
        "network.change_municipality",
        # The queue, the municipalities and the coverage view are in the Wagtail admin.
        "wagtailadmin.access_admin",
    ],
}


def ensure_role_groups(
    sender, app_config=None, apps=None, using="default", **kwargs
) -> None:
    """Create the role groups with their permissions; safe to run repeatedly."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    if app_config is not None:
        create_permissions(app_config, verbosity=0, using=using)
    for group_name, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        wanted = Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.add(*Permission.objects.using(using).filter(wanted))
