import importlib

from django.apps import apps

from wagtail.models import Locale, Site

import pytest

from portal.models import HomePage, Theme

themes_migration = importlib.import_module("portal.migrations.0005_load_initial_themes")
home_migration = importlib.import_module(
    "portal.migrations.0003_create_locales_and_home_pages"
)

pytestmark = pytest.mark.django_db


def test_migrations_create_locales_and_a_home_page_per_language():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {
        "fi",
        "sv",
        "en",
    }
    homes = HomePage.objects.select_related("locale")
    assert {home.locale.language_code for home in homes} == {"fi", "sv", "en"}
    assert len({home.translation_key for home in homes}) == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.locale.language_code == "fi"


def test_home_page_migration_does_nothing_when_run_again():
    home_migration.create_locales_and_home_pages(apps, None)
    assert HomePage.objects.count() == 3
    assert Site.objects.count() == 1


def test_initial_themes_load_once_and_unload():
    assert Theme.objects.count() == len(themes_migration.INITIAL_THEMES)
    themes_migration.load_themes(apps, None)
    assert Theme.objects.count() == len(themes_migration.INITIAL_THEMES)
    themes_migration.unload_themes(apps, None)
    assert Theme.objects.count() == 0


names_migration = importlib.import_module(
    "portal.migrations.0014_fill_site_name_in_each_language"
)


def test_site_name_migration_names_the_default_site_in_each_language():
    from portal.models import SiteSettings

    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.create(
        site=site, organisation_name_sv="", organisation_name_en="Our own name"
    )
    names_migration.fill_names(apps, None)
    settings = SiteSettings.objects.get(site=site)
    assert settings.organisation_name_sv == "Förändringsstödets nätverk"
    assert settings.organisation_name_en == "Our own name"

    names_migration.clear_names(apps, None)
    settings.refresh_from_db()
    assert settings.organisation_name_sv == ""
    assert settings.organisation_name_en == "Our own name"


def test_site_name_migration_leaves_a_renamed_site_alone():
    from portal.models import SiteSettings

    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.create(
        site=site, organisation_name="Toinen verkosto", organisation_name_sv=""
    )
    names_migration.fill_names(apps, None)
    assert SiteSettings.objects.get(site=site).organisation_name_sv == ""
