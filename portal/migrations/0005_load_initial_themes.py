from django.db import migrations

INITIAL_THEMES = [
    ("kotoutumisohjelma", "Kotoutumisohjelma", "Integrationsprogram", "Integration programme"),
    (
        "osaamis-ja-palvelutarpeen-arviointi",
        "Osaamis- ja kotoutumispalvelutarpeen arviointi",
        "Bedömning av kompetens- och integrationsservicebehov",
        "Competence and integration service-needs assessment",
    ),
    ("kotoutumissuunnitelma", "Kotoutumissuunnitelma", "Integrationsplan", "Integration plan"),
    (
        "monikielinen-yhteiskuntaorientaatio",
        "Monikielinen yhteiskuntaorientaatio",
        "Flerspråkig samhällsorientering",
        "Multilingual civic orientation",
    ),
    ("ohjaus-ja-neuvonta", "Ohjaus ja neuvonta", "Vägledning och rådgivning", "Guidance and counselling"),
    (
        "rahoitus-ja-korvaukset",
        "Rahoitus ja korvaukset",
        "Finansiering och ersättningar",
        "Funding and compensations",
    ),
    ("tyollisyysalueet", "Työllisyysalueet", "Sysselsättningsområden", "Employment areas"),
    ("hallintosaanto", "Hallintosääntö", "Förvaltningsstadga", "Administrative rules"),
    ("tietojarjestelmat", "Tietojärjestelmät", "Informationssystem", "Information systems"),
    (
        "tyovoiman-ulkopuoliset",
        "Työvoiman ulkopuolella olevien palvelut",
        "Tjänster för personer utanför arbetskraften",
        "Services for people outside the labour force",
    ),
    ("viestinta", "Viestintä", "Kommunikation", "Communications"),
    ("juridiikka", "Juridiset kysymykset", "Juridiska frågor", "Legal questions"),
]


def load_themes(apps, schema_editor):
    Theme = apps.get_model("portal", "Theme")
    for order, (slug, name_fi, name_sv, name_en) in enumerate(INITIAL_THEMES, start=1):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "sort_order": order * 10,
            },
        )


def unload_themes(apps, schema_editor):
    slugs = [slug for slug, *_names in INITIAL_THEMES]
    apps.get_model("portal", "Theme").objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_create_theme")]

    operations = [migrations.RunPython(load_themes, unload_themes)]
