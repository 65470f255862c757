"""The office's roles and the network's member role as Django groups with permissions,
kept after each migrate. What each role may see and do is the set of permissions below;
the access rules (`portal.access` and each app's `access.py`) check permissions, never
the `is_staff` flag or a group's name. docs/security.md describes the roles for people.

- Editors (Wagtail's "Editors" group) write and publish pages, documents and images, run
  surveys and read their results, use the staff reports and see members-only content.
  Wagtail's "Moderators" group, editors who also approve others' changes, has the same.
- Forum moderators are verified members who also work the forum's report queue.
- Registration staff handle event registrations (lists, approvals, attendance, exports).
- Membership managers decide on membership requests and keep the municipalities' domains.
- Administrators have all of these, manage people and their roles, the site settings and
  redirects, and reset a person's lost second factor.
"""

from django.contrib.auth.management import create_permissions

from portal.access import (
    ADMIN_ACCESS_PERMISSION,
    MEMBERS_CONTENT_PERMISSION,
    OFFICE_TOOLS_PERMISSION,
)

MEMBERS_GROUP = "Network members"
EDITORS_GROUP = "Editors"  # Wagtail's own group
PUBLISHERS_GROUP = "Moderators"  # Wagtail's own group: editors who approve and publish
MODERATORS_GROUP = "Forum moderators"
REGISTRATION_STAFF_GROUP = "Registration staff"
MEMBERSHIP_MANAGERS_GROUP = "Membership managers"
ADMINISTRATORS_GROUP = "Administrators"

#: The office's roles, in the order docs and the demo list them.
OFFICE_GROUPS = [
    EDITORS_GROUP,
    MODERATORS_GROUP,
    REGISTRATION_STAFF_GROUP,
    MEMBERSHIP_MANAGERS_GROUP,
    ADMINISTRATORS_GROUP,
]

ADMIN_ACCESS = ADMIN_ACCESS_PERMISSION
MEMBERS_CONTENT = MEMBERS_CONTENT_PERMISSION

EDITOR_PERMISSIONS = [
    ADMIN_ACCESS,
    MEMBERS_CONTENT,
    OFFICE_TOOLS_PERMISSION,
    *(f"portal.{action}_theme" for action in ("add", "change", "delete", "view")),
    *(f"materials.{action}_expert" for action in ("add", "change", "delete", "view")),
    *(
        f"surveys.{action}_surveyseries"
        for action in ("add", "change", "delete", "view")
    ),
    *(f"events.{action}_eventseries" for action in ("add", "change", "delete", "view")),
    # The office's inbox of requests from municipalities (the asks app).
    "asks.view_request",
    "asks.change_request",
    *(f"letters.{action}_mailinglist" for action in ("add", "change", "view")),
    # Editors have handled registrations since the events app began.
    "events.view_registration",
    "events.add_registration",
    "events.change_registration",
]
MODERATOR_PERMISSIONS = [ADMIN_ACCESS, MEMBERS_CONTENT, "network.moderate_forums"]
REGISTRATION_STAFF_PERMISSIONS = [
    ADMIN_ACCESS,
    MEMBERS_CONTENT,
    "events.view_registration",
    "events.add_registration",
    "events.change_registration",
    "events.view_eventseries",
]
MEMBERSHIP_MANAGER_PERMISSIONS = [
    ADMIN_ACCESS,
    MEMBERS_CONTENT,
    "network.manage_membership",
    "network.view_memberprofile",
    "network.change_memberprofile",
    "network.view_municipality",
    "network.change_municipality",
]
ADMINISTRATOR_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    *MODERATOR_PERMISSIONS,
    *REGISTRATION_STAFF_PERMISSIONS,
    *MEMBERSHIP_MANAGER_PERMISSIONS,
    *(f"portal.{action}_user" for action in ("add", "change", "delete", "view")),
    *(f"auth.{action}_group" for action in ("add", "change", "delete", "view")),
    "portal.change_sitesettings",
    "portal.view_outgoingemail",
    *(
        f"wagtailredirects.{action}_redirect"
        for action in ("add", "change", "delete", "view")
    ),
]

# Permissions as "app_label.codename".
ROLE_PERMISSIONS: dict[str, list[str]] = {
    MEMBERS_GROUP: [MEMBERS_CONTENT],
    EDITORS_GROUP: EDITOR_PERMISSIONS,
    PUBLISHERS_GROUP: EDITOR_PERMISSIONS,
    MODERATORS_GROUP: MODERATOR_PERMISSIONS,
    REGISTRATION_STAFF_GROUP: REGISTRATION_STAFF_PERMISSIONS,
    MEMBERSHIP_MANAGERS_GROUP: MEMBERSHIP_MANAGER_PERMISSIONS,
    ADMINISTRATORS_GROUP: ADMINISTRATOR_PERMISSIONS,
}

#: Wagtail's page and collection permissions of the administrators, from the root down
#: (editors keep what Wagtail gives its Editors and Moderators groups).
ADMINISTRATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
ADMINISTRATOR_COLLECTION_PERMISSIONS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
]


def ensure_role_groups(
    sender, app_config=None, apps=None, using="default", **kwargs
) -> None:
    """Create the role groups with their permissions; safe to run repeatedly. Only adds:
    a permission an administrator gave a group in the admin stays."""
    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group

    names = [
        *(name for role in ROLE_PERMISSIONS.values() for name in role),
        *ADMINISTRATOR_COLLECTION_PERMISSIONS,
    ]
    labels = {name.split(".")[0] for name in names} | {"wagtailcore"}
    # post_migrate reaches the network before the apps after it in INSTALLED_APPS
    # (auth and Wagtail among them), so on a fresh database their permissions may not
    # exist yet: make them now (Django's own handler does nothing twice).
    for label in sorted(labels):
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using)
    for group_name, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        group.permissions.add(*permissions_named(names, using=using))
    _ensure_administrator_tree_permissions(using=using)


def permissions_named(names, *, using: str = "default"):
    """The `Permission` rows of "app_label.codename" names."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    wanted = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.using(using).filter(wanted)


def _ensure_administrator_tree_permissions(*, using: str) -> None:
    from django.contrib.auth.models import Group

    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
    )

    group = Group.objects.using(using).get(name=ADMINISTRATORS_GROUP)
    root_page = Page.objects.using(using).filter(depth=1).first()
    if root_page is not None:
        page_permissions = permissions_named(
            [f"wagtailcore.{codename}" for codename in ADMINISTRATOR_PAGE_PERMISSIONS],
            using=using,
        )
        for permission in page_permissions:
            GroupPagePermission.objects.using(using).get_or_create(
                group=group, page=root_page, permission=permission
            )
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    if root_collection is not None:
        for permission in permissions_named(
            ADMINISTRATOR_COLLECTION_PERMISSIONS, using=using
        ):
            GroupCollectionPermission.objects.using(using).get_or_create(
                group=group, collection=root_collection, permission=permission
            )
