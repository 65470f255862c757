from django.db import migrations


def load_municipalities(apps, schema_editor):
    from network.municipality_data import read_municipalities

    Municipality = apps.get_model("network", "Municipality")
    MunicipalityDomain = apps.get_model("network", "MunicipalityDomain")
    for row in read_municipalities():
        municipality, _ = Municipality.objects.update_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
        if row["website_domain"]:
            MunicipalityDomain.objects.get_or_create(
                domain=row["website_domain"], defaults={"municipality": municipality}
            )


def unload_municipalities(apps, schema_editor):
    apps.get_model("network", "MunicipalityDomain").objects.all().delete()
    apps.get_model("network", "Municipality").objects.filter(profiles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_create_municipality_and_profile")]

    operations = [migrations.RunPython(load_municipalities, unload_municipalities)]
