from django.contrib.auth.management import create_permissions
from django.db import migrations

#: Wagtail's staff groups handle registrations and edit series in the admin.
STAFF_GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [
    "view_registration",
    "add_registration",
    "change_registration",
    "add_eventseries",
    "change_eventseries",
    "delete_eventseries",
    "view_eventseries",
]


def grant_staff_permissions(apps, schema_editor):
    # Permissions are normally made after migrate; make this app's now. Migration app
    # configs have no models module, which create_permissions would take as "no models".
    app_config = apps.get_app_config("events")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="events", codename__in=PERMISSIONS
        )
    )
    for group in Group.objects.filter(name__in=STAFF_GROUPS):
        group.permissions.add(*permissions)


def revoke_staff_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="events", codename__in=PERMISSIONS
        )
    )
    for group in Group.objects.filter(name__in=STAFF_GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_create_events"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_staff_permissions, revoke_staff_permissions),
    ]
