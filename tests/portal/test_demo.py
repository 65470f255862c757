"""`seed_demo`: realistic content in Finnish and Swedish, idempotent, with a demo admin."""

import io

from django.apps import apps
from django.core.management import call_command

from wagtail.models import Locale, Page, Revision

import pytest
from allauth.account.models import EmailAddress
from django_tasks.signals import task_enqueued

from events.models import Registration, RegistrationNotice
from network.models import MemberProfile
from portal.demo import loader as demo
from portal.demo.calendar import is_working_day
from portal.models import (
    HomePage,
    OutgoingEmail,
    SiteSettings,
    StandardPage,
    StatementPage,
)

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"portal", "network", "events", "materials", "forums", "surveys"}


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
    assert StandardPage.objects.filter(locale__language_code="en").count() == 4

    html = client.get(about.url).content.decode()
    assert 'href="/sv/om-forandringsstodet/" lang="sv" hreflang="sv"' in html
    for page in StandardPage.objects.all():
        assert client.get(page.url).status_code == 200, page.url
    assert "<h1>Tietoa muutostuesta</h1>" in html
    assert 'href="/fi/ota-yhteytta/"' in html  # the call to action and the menu


def test_the_english_site_has_a_menu_and_a_section_on_the_reforms(client):
    run_seed()
    html = client.get("/en/").content.decode()
    assert 'href="/en/about/"' in html  # the hero link and the menu
    assert 'href="/en/contact-us/"' in html
    about = client.get("/en/about/").content.decode()
    assert "<h1>About the network</h1>" in about
    koto24 = client.get("/en/about/koto24/").content.decode()
    assert "681/2023" in koto24 and "1 January 2025" in koto24
    te24 = client.get("/en/about/te24/").content.decode()
    assert "20,000" in te24


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
    assert settings.organisation_name_sv == "Förändringsstödets nätverk"
    assert settings.organisation_name_en == "Change support network"
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
    """Rows of every model with a table (permission-only models have none)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed
    }


@pytest.mark.slow
def test_seed_demo_command_is_idempotent_and_prints_the_admin_login(client):
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    after_first = model_counts()
    second = io.StringIO()
    call_command("seed_demo", stdout=second)

    assert model_counts() == after_first
    admin, password = demo.accounts()["admin"]["email"], demo.accounts()["password"]
    credentials = f"{admin} / {password}"
    assert credentials in output.getvalue()
    assert credentials in second.getvalue()
    assert "Created" not in second.getvalue()
    assert "Demo: nothing to add, the demo content is complete." in second.getvalue()
    assert EmailAddress.objects.get(email=admin).verified
    response = client.post(
        "/fi/accounts/login/", {"login": admin, "password": password}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


NOT_MAIL_TASKS = {"materials.tasks.open_practice_discussion"}


@pytest.mark.slow
def test_seed_demo_queues_and_sends_no_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    # The portal's own tasks send mail, except the one that opens a shared practice's
    # forum discussion (Wagtail's other tasks update the search index).
    enqueued = []

    def record(sender, task_result, **kwargs):
        path = task_result.task.module_path
        if path.split(".")[0] in PORTAL_APPS and path not in NOT_MAIL_TASKS:
            enqueued.append(path)

    task_enqueued.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo", stdout=io.StringIO())
    finally:
        task_enqueued.disconnect(record)

    assert Registration.objects.filter(status="waitlisted").exists()
    assert MemberProfile.objects.filter(decided_by__isnull=False).exists()
    assert not OutgoingEmail.objects.exists()
    assert not RegistrationNotice.objects.exists()
    assert mailoutbox == []
    assert enqueued == []


def test_seed_demo_keeps_an_existing_admin_and_its_password(superuser):
    superuser.set_password("oma-salasana-123")
    superuser.save()
    call_command("seed_demo", stdout=io.StringIO())
    superuser.refresh_from_db()
    assert superuser.check_password("oma-salasana-123")


def test_seed_dates_the_statements_review_on_a_working_day():
    run_seed()
    for page in StatementPage.objects.all():
        assert is_working_day(page.reviewed_on), page.reviewed_on


def test_every_demo_content_page_opens_in_the_page_editor(client, superuser):
    """Draftail cannot load rich text with an unclosed <br>: the editor would fail."""
    run_seed()
    client.force_login(superuser)
    for page in [*StandardPage.objects.all(), *StatementPage.objects.all()]:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.url
