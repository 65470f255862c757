from django.db import migrations


def fill_swedish_grouping_names(apps, schema_editor):
    from network.municipality_data import read_swedish_grouping_names

    Municipality = apps.get_model("network", "Municipality")
    for row in read_swedish_grouping_names():
        names = {key: value for key, value in row.items() if key != "code"}
        Municipality.objects.filter(code=row["code"]).update(**names)


def clear_swedish_grouping_names(apps, schema_editor):
    apps.get_model("network", "Municipality").objects.update(
        region_sv="", wellbeing_county_sv="", employment_area_sv=""
    )


class Migration(migrations.Migration):
    dependencies = [("network", "0006_add_swedish_grouping_names")]

    operations = [
        migrations.RunPython(fill_swedish_grouping_names, clear_swedish_grouping_names)
    ]
