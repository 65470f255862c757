from django.db import migrations

FINNISH_NAME = "Muutostuen verkosto"
NAMES = {
    "organisation_name_sv": "Förändringsstödets nätverk",
    "organisation_name_en": "Change support network",
}


def fill_names(apps, schema_editor):
    """Sites still named with the default Finnish name get its Swedish and English
    names where those are empty; a name an editor chose is left alone."""
    SiteSettings = apps.get_model("portal", "SiteSettings")
    rows = SiteSettings.objects.filter(organisation_name=FINNISH_NAME)
    for field, name in NAMES.items():
        rows.filter(**{field: ""}).update(**{field: name})


def clear_names(apps, schema_editor):
    SiteSettings = apps.get_model("portal", "SiteSettings")
    rows = SiteSettings.objects.filter(organisation_name=FINNISH_NAME)
    for field, name in NAMES.items():
        rows.filter(**{field: name}).update(**{field: ""})


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_name_site_in_each_language"),
    ]

    operations = [
        migrations.RunPython(fill_names, clear_names),
    ]
