"""`seed_demo`: realistic content in Finnish and Swedish, idempotent, with a demo admin."""

import io

from django.apps import apps
from django.core.management import call_command

from wagtail.models import Locale, Page, Revision

import pytest
from allauth.account.models import EmailAddress

from portal import demo
from portal.management.commands import seed_demo
from portal.models import HomePage, SiteSettings, StandardPage, StatementPage

pytestmark = pytest.mark.django_db


def run_seed() -> list[str]:
    lines: list[str] = []
    demo.seed(log=lines.append)
    return lines


def test_seed_creates_finnish_pages_with_swedish_translations(client):
    run_seed()
    about = StandardPage.objects.get(
        locale__language_code="fi", slug="tietoa-muutostuesta"
    )
    about_sv = about.get_translation(Locale.objects.get(language_code="sv"))
    assert about_sv.title == "Om förändringsstödet"
    assert about.live and about_sv.live and about.show_in_menus
    assert about.get_children().count() == 2  # KOTO24 and TE24
    assert StandardPage.objects.filter(locale__language_code="fi").count() == 4
    assert StandardPage.objects.filter(locale__language_code="sv").count() == 4

    html = client.get(about.url).content.decode()
    assert 'href="/sv/om-forandringsstodet/" lang="sv" hreflang="sv"' in html
    for page in StandardPage.objects.all():
        assert client.get(page.url).status_code == 200, page.url
    assert "<h1>Tietoa muutostuesta</h1>" in html
    assert 'href="/fi/ota-yhteytta/"' in html  # the call to action and the menu


def test_seed_creates_both_statements_in_three_languages(client):
    run_seed()
    for kind in StatementPage.Kind.values:
        pages = StatementPage.objects.filter(kind=kind).select_related("locale")
        assert {page.locale.language_code for page in pages} == {"fi", "sv", "en"}
        assert len({page.translation_key for page in pages}) == 1
        assert all(page.live for page in pages)
    privacy_sv = StatementPage.objects.get(kind="privacy", locale__language_code="sv")
    response = client.get(privacy_sv.url)
    assert response.status_code == 200
    assert "Personuppgiftsansvarig" in response.content.decode()


def test_seed_fills_the_home_pages_and_site_settings(client):
    run_seed()
    homes = {home.locale.language_code: home for home in HomePage.objects.all()}
    assert all(home.hero_intro for home in homes.values())
    assert homes["sv"].hero_link_page.specific.title == "Om förändringsstödet"
    settings = SiteSettings.objects.get()
    assert settings.organisation_name == "Muutostuen verkosto"
    assert settings.contact_email == "muutostuki@muutostuki.example"
    assert len(settings.footer_links) == 2

    html = client.get("/sv/").content.decode()
    assert "Så går du med i nätverket" in html
    # The footer names the statements in the visitor's language.
    assert '<a href="/sv/dataskyddsbeskrivning/">Dataskyddsbeskrivning</a>' in html
    assert (
        '<a href="/sv/tillganglighetsutlatande/">Tillgänglighetsutlåtande</a>' in html
    )


def test_seed_twice_creates_and_changes_nothing():
    first = run_seed()
    assert len(first) > 10
    counts = (Page.objects.count(), Revision.objects.count())
    assert run_seed() == []
    assert (Page.objects.count(), Revision.objects.count()) == counts


def test_seed_leaves_an_editors_changes_alone():
    run_seed()
    home = HomePage.objects.get(locale__language_code="fi")
    home.hero_intro = "Toimittajan oma teksti."
    home.save_revision().publish()
    run_seed()
    home.refresh_from_db()
    assert home.hero_intro == "Toimittajan oma teksti."


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.slow
def test_seed_demo_command_is_idempotent_and_prints_the_admin_login(client):
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    after_first = model_counts()
    second = io.StringIO()
    call_command("seed_demo", stdout=second)

    assert model_counts() == after_first
    credentials = f"{demo.DEMO_ADMIN_EMAIL} / {demo.DEMO_ADMIN_PASSWORD}"
    assert credentials in output.getvalue()
    assert credentials in second.getvalue()
    assert "Created" not in second.getvalue()
    assert EmailAddress.objects.get(email=demo.DEMO_ADMIN_EMAIL).verified
    response = client.post(
        "/fi/accounts/login/",
        {"login": demo.DEMO_ADMIN_EMAIL, "password": demo.DEMO_ADMIN_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_seed_demo_skips_only_modules_that_do_not_exist(monkeypatch):
    monkeypatch.setattr(seed_demo, "APP_DEMO_MODULES", ["portal.no_such_demo"])
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert "Skipped portal.no_such_demo: the module does not exist yet." in (
        output.getvalue()
    )

    monkeypatch.setattr(seed_demo, "APP_DEMO_MODULES", ["tests.portal.broken_demo"])
    with pytest.raises(ModuleNotFoundError):
        call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_keeps_an_existing_admin_and_its_password(superuser):
    superuser.set_password("oma-salasana-123")
    superuser.save()
    call_command("seed_demo", stdout=io.StringIO())
    superuser.refresh_from_db()
    assert superuser.check_password("oma-salasana-123")


def test_every_demo_content_page_opens_in_the_page_editor(client, superuser):
    """Draftail cannot load rich text with an unclosed <br>: the editor would fail."""
    run_seed()
    client.force_login(superuser)
    for page in [*StandardPage.objects.all(), *StatementPage.objects.all()]:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.url
