import uuid

from django.db import migrations

HOME_TITLES = {"fi": "Muutostuki", "sv": "Förändringsstöd", "en": "Change support"}


def create_locales_and_home_pages(apps, schema_editor):
    """Replace Wagtail's welcome page with a home page in Finnish, Swedish and English."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("portal.HomePage")

    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in HOME_TITLES
    }
    if HomePage.objects.exists():
        return
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    root = Page.objects.get(depth=1)
    translation_key = uuid.uuid4()
    homes = {}
    for index, (code, title) in enumerate(HOME_TITLES.items(), start=1):
        slug = "home" if code == "fi" else f"home-{code}"
        homes[code] = HomePage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=home_type,
            path=f"{root.path}{index:04d}",
            depth=2,
            numchild=0,
            url_path=f"/{slug}/",
            locale=locales[code],
            translation_key=translation_key,
            live=True,
        )
    root.numchild = len(homes)
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="Muutostuki",
        root_page=homes["fi"],
        is_default_site=True,
    )


def remove_home_pages(apps, schema_editor):
    apps.get_model("portal.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_create_pages_settings_email"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales_and_home_pages, remove_home_pages)]
