from django.contrib.auth.management import create_permissions
from django.db import migrations

#: Wagtail's staff groups translate pages, events included (their translations share
#: the original's registrations).
STAFF_GROUPS = ["Editors", "Moderators"]


def grant_translation(apps, schema_editor):
    # The permission is normally made after migrate; make simple_translation's now.
    app_config = apps.get_app_config("simple_translation")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    ).first()
    if permission is None:
        return
    for group in Group.objects.filter(name__in=STAFF_GROUPS):
        group.permissions.add(permission)


def revoke_translation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    ).first()
    if permission is None:
        return
    for group in Group.objects.filter(name__in=STAFF_GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_add_event_registration_owner"),
        ("events", "0002_grant_staff_permissions"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(grant_translation, revoke_translation),
    ]
