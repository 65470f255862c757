import secrets

from django.db import migrations


def give_each_its_own_key(apps, schema_editor):
    """Adding the field gave every existing row the same key: give each its own (the
    private links sent before this release stop working; they were the row id signed)."""
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.only("pk").iterator():
        Registration.objects.filter(pk=registration.pk).update(
            manage_key=secrets.token_urlsafe(24)
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0006_add_registration_manage_key")]

    operations = [
        migrations.RunPython(give_each_its_own_key, migrations.RunPython.noop)
    ]
