from django.conf import settings
from django.db import migrations

#: Each permission and the model (without a table) that declares it now.
MOVES = {
    "view_members_content": ("memberscontent", "Can see members-only content and forums"),
    "moderate_forums": ("forummoderation", "Can moderate the discussion forums"),
    "manage_membership": ("membershipdecisions", "Can verify, reject and revoke members"),
}
OLD_MODEL = "memberprofile"


def _move(apps, *, to_new: bool) -> None:
    """Give every group and user that holds a network permission on one model the same
    permission on the other, and delete the old one (so no grant of it is left behind)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for codename, (new_model, name) in MOVES.items():
        source_model, target_model = (
            (OLD_MODEL, new_model) if to_new else (new_model, OLD_MODEL)
        )
        source = Permission.objects.filter(
            content_type__app_label="network",
            content_type__model=source_model,
            codename=codename,
        ).first()
        content_type, _ = ContentType.objects.get_or_create(
            app_label="network", model=target_model
        )
        target, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        if source is None:
            continue
        for group in Group.objects.filter(permissions=source):
            group.permissions.add(target)
        for user in User.objects.filter(user_permissions=source):
            user.user_permissions.add(target)
        source.delete()


def move_grants(apps, schema_editor):
    _move(apps, to_new=True)


def move_grants_back(apps, schema_editor):
    _move(apps, to_new=False)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0004_create_permission_models"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(move_grants, move_grants_back)]
