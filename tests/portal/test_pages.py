"""The portal's page types: render in every language, switch language, work in the admin."""

import datetime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from portal.cache import bump_layout_version
from portal.models import HomePage, StandardPage, StatementPage
from tests.factories.portal import (
    StandardPageFactory,
    StatementPageFactory,
    UserFactory,
    translate,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "sv", "en"]


def language_links(html: str) -> dict[str, str]:
    """The language switcher's links, by language code (the current one has none)."""
    from bs4 import BeautifulSoup

    switcher = BeautifulSoup(html, "html.parser").select_one(".language-switcher")
    return {link["hreflang"]: link["href"] for link in switcher.select("a[hreflang]")}


@pytest.fixture
def about_pages(home_page):
    fi = StandardPageFactory(
        parent=home_page,
        title="Tietoa muutostuesta",
        slug="tietoa-muutostuesta",
        intro="Muutostuki auttaa kuntia valmistelemaan uudistuksia.",
        show_in_menus=True,
    )
    sv = translate(
        fi,
        "sv",
        title="Om förändringsstödet",
        slug="om-forandringsstodet",
        intro="Förändringsstödet hjälper kommunerna att förbereda reformerna.",
    )
    return {"fi": fi, "sv": sv}


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_renders_in_each_language(client, home_pages, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert home_pages[language].title in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_standard_page_renders_in_each_language(client, home_page, language):
    fi = StandardPageFactory(parent=home_page, title="Yhteystiedot", slug="yhteys")
    page = fi if language == "fi" else translate(fi, language, title=f"Sivu {language}")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{page.title}</h1>" in html
    assert page.url.startswith(f"/{language}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_statement_page_renders_in_each_language(client, home_page, language):
    fi = StatementPageFactory(
        parent=home_page,
        slug="saavutettavuusseloste",
        title="Saavutettavuusseloste",
        kind=StatementPage.Kind.ACCESSIBILITY,
        reviewed_on=datetime.date(2025, 3, 1),
    )
    page = (
        fi if language == "fi" else translate(fi, language, title=f"Seloste {language}")
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    shown = {"fi": "la 1.3.2025", "sv": "lör 1.3.2025", "en": "Sat 1 Mar 2025"}[
        language
    ]
    assert f'<time datetime="2025-03-01">{shown}</time>' in html


def test_language_switcher_links_to_the_translation(client, about_pages, home_pages):
    links = language_links(client.get(about_pages["fi"].url).content.decode())
    assert links["sv"] == "/sv/om-forandringsstodet/"
    # No English translation: the switcher offers the English home page instead.
    assert links["en"] == home_pages["en"].url == "/en/"
    assert "fi" not in links

    back = language_links(client.get(about_pages["sv"].url).content.decode())
    assert back["fi"] == "/fi/tietoa-muutostuesta/"


def test_language_switcher_skips_a_draft_translation(client, about_pages):
    about_pages["sv"].unpublish()
    links = language_links(client.get(about_pages["fi"].url).content.decode())
    assert links["sv"] == "/sv/"


def test_language_switcher_on_a_view_keeps_the_view_and_query(client, home_page):
    links = language_links(
        client.get("/fi/search/", {"q": "kotoutuminen"}).content.decode()
    )
    assert links == {
        "sv": "/sv/search/?q=kotoutuminen",
        "en": "/en/search/?q=kotoutuminen",
    }


def test_main_menu_and_breadcrumbs_follow_the_page_tree(client, about_pages):
    child = StandardPageFactory(
        parent=about_pages["fi"], title="Tiimi", slug="tiimi", show_in_menus=True
    )
    html = client.get(child.url).content.decode()
    assert '<a href="/fi/tietoa-muutostuesta/" aria-current="page">' in html
    start = html.index('<nav class="breadcrumbs"')
    crumbs = html[start : html.index("</nav>", start)]
    assert '<a href="/fi/">' in crumbs
    assert '<a href="/fi/tietoa-muutostuesta/">Tietoa muutostuesta</a>' in crumbs
    assert '<span aria-current="page">Tiimi</span>' in html


def test_home_page_renders_in_a_fixed_number_of_queries(
    client, home_page, home_pages, django_assert_max_num_queries
):
    def add_pages(count: int, start: int) -> None:
        for number in range(start, start + count):
            page = StandardPageFactory(
                parent=home_page, title=f"Sivu {number}", show_in_menus=True
            )
            if number % 2 == 0:
                StandardPageFactory(parent=page, title=f"Alasivu {number}")

    add_pages(2, 0)
    client.get("/fi/")  # warm the site root path cache, as a running site has it
    bump_layout_version()  # measure with the layout rendered afresh, as after adding
    with django_assert_max_num_queries(20) as few:
        response = client.get("/fi/")
    assert response.status_code == 200

    add_pages(30, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/fi/")
    assert response.content.decode().count('class="main-nav"') == 1
    assert "Sivu 31" in response.content.decode()


class PageAdminTests(WagtailPageTestCase):
    """Wagtail's own checks: tree rules, admin creation with form data, edit, preview."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(locale__language_code="fi")
        cls.standard = StandardPageFactory(parent=cls.home, title="Tietoa muutostuesta")
        cls.statement = StatementPageFactory(
            parent=cls.home,
            slug="tietosuojaseloste",
            reviewed_on=datetime.date(2025, 1, 2),
        )
        cls.editor = UserFactory(
            email="paatoimittaja@muutostuki.example", is_staff=True, is_superuser=True
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedParentPageTypes(StatementPage, {HomePage})
        self.assertAllowedSubpageTypes(StatementPage, set())
        self.assertCanNotCreateAt(StandardPage, StatementPage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_editor_can_create_a_standard_page_with_every_block(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Ota yhteyttä",
                    "slug": "ota-yhteytta",
                    "intro": "Muutostuen toimisto vastaa kysymyksiin arkisin.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Toimisto", "level": "h2"}),
                            ("paragraph", rich_text("<p>Soita tai kirjoita.</p>")),
                            (
                                "call_to_action",
                                {
                                    "text": "Tule mukaan verkostoon.",
                                    "link_text": "Rekisteröidy",
                                    "page": "",
                                    "url": "https://muutostuki.example/fi/accounts/signup/",
                                },
                            ),
                            (
                                "accordion",
                                {
                                    "heading": "Usein kysyttyä",
                                    "items": streamfield(
                                        [
                                            (
                                                "item",
                                                {
                                                    "title": "Kenelle?",
                                                    "body": rich_text(
                                                        "<p>Kunnille.</p>"
                                                    ),
                                                },
                                            )
                                        ]
                                    ),
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="ota-yhteytta")
        assert [block.block_type for block in page.body] == [
            "heading",
            "paragraph",
            "call_to_action",
            "accordion",
        ]
        response = self.client.get(page.url)
        assert b"Usein kysytty" in response.content
        assert (
            b'href="https://muutostuki.example/fi/accounts/signup/"' in response.content
        )

    def test_editor_can_create_a_statement_page(self):
        self.assertCanCreate(
            self.home,
            StatementPage,
            nested_form_data(
                {
                    "title": "Saavutettavuusseloste",
                    "slug": "saavutettavuusseloste",
                    "kind": "accessibility",
                    "reviewed_on": "2025-02-03",
                    "body": streamfield([]),
                }
            ),
        )

    def test_pages_are_editable_and_previewable(self):
        # StreamFields render through JavaScript, so the form data is given explicitly.
        body = streamfield([("heading", {"text": "Väliotsikko", "level": "h2"})])
        pages = {
            self.home: {"hero_intro": "Tervetuloa."},
            self.standard: {"intro": "Johdanto."},
            self.statement: {"kind": "privacy", "reviewed_on": "2025-01-02"},
        }
        for page, fields in pages.items():
            data = nested_form_data(
                {"title": page.title, "slug": page.slug, "body": body, **fields}
            )
            with self.subTest(page=type(page).__name__):
                self.assertPageIsEditable(page, post_data=data, user=self.editor)
                self.assertPageIsPreviewable(page, post_data=data, user=self.editor)
                self.assertPageIsRenderable(page)


def test_cached_layout_is_rebuilt_when_a_page_is_published(
    client, home_page, django_assert_max_num_queries
):
    client.get("/fi/")
    bump_layout_version()
    with django_assert_max_num_queries(20) as cold:
        client.get("/fi/")
    with django_assert_max_num_queries(len(cold.captured_queries) - 3):
        client.get("/fi/")  # header, breadcrumbs and footer come from the cache
    page = StandardPageFactory(parent=home_page, title="Uusi sivu", show_in_menus=True)
    page.save_revision().publish()
    assert "Uusi sivu" in client.get("/fi/").content.decode()


# --- Descriptions for search engines -----------------------------------------------------


def meta_description(html: str) -> str | None:
    from bs4 import BeautifulSoup

    tags = BeautifulSoup(html, "html.parser").select('meta[name="description"]')
    assert len(tags) <= 1
    return tags[0]["content"] if tags else None


def test_a_page_is_described_by_its_search_description_else_its_intro(
    home_page, client
):
    page = StandardPageFactory(
        parent=home_page,
        slug="kuvaus",
        intro="Kunnat &amp; hyvinvointialueet valmistelevat <b>KOTO24</b>-uudistusta.",
    )
    html = client.get(page.url).content.decode()
    assert meta_description(html) == (
        "Kunnat & hyvinvointialueet valmistelevat KOTO24-uudistusta."
    )
    assert 'content="Kunnat &amp; hyvinvointialueet' in html  # escaped once

    page.search_description = "Hakukoneelle kirjoitettu kuvaus."
    page.save_revision().publish()
    assert meta_description(client.get(page.url).content.decode()) == (
        "Hakukoneelle kirjoitettu kuvaus."
    )


def test_a_long_intro_is_cut_at_a_word_to_160_characters(home_page, client):
    intro = " ".join(["kotoutumisohjelma"] * 20)
    page = StandardPageFactory(parent=home_page, slug="pitka", intro=intro)
    description = meta_description(client.get(page.url).content.decode())
    assert len(description) <= 160
    assert description.endswith("kotoutumisohjelma…")


def test_the_home_page_and_pages_without_text_use_the_site_description(
    home_pages, client
):
    from wagtail.models import Site

    from portal.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.description_fi = "Muutostuki auttaa kuntia KOTO24- ja TE24-työssä."
    site_settings.description_sv = "Förändringsstödet hjälper kommunerna."
    site_settings.save()
    home_pages["fi"].hero_intro = "Sankariteksti, ei kuvaus."
    home_pages["fi"].save_revision().publish()
    assert meta_description(client.get("/fi/").content.decode()) == (
        "Muutostuki auttaa kuntia KOTO24- ja TE24-työssä."
    )
    assert meta_description(client.get("/sv/search/?q=x").content.decode()) == (
        "Förändringsstödet hjälper kommunerna."
    )
    statement = StatementPageFactory(parent=home_pages["fi"])
    assert meta_description(client.get(statement.url).content.decode()) == (
        "Muutostuki auttaa kuntia KOTO24- ja TE24-työssä."
    )


def test_without_a_site_description_the_home_page_hero_text_describes_the_site(
    home_pages, client
):
    home_pages["fi"].hero_intro = "Tietoa ja vertaistukea kunnille."
    home_pages["fi"].save_revision().publish()
    assert meta_description(client.get("/fi/").content.decode()) == (
        "Tietoa ja vertaistukea kunnille."
    )
    assert meta_description(client.get("/fi/accounts/login/").content.decode()) == (
        "Tietoa ja vertaistukea kunnille."
    )


def test_a_members_page_does_not_describe_itself_to_others(client, signed_in_user):
    from portal.access import Audience
    from tests.factories.materials import MaterialIndexPageFactory, MaterialPageFactory

    home = HomePage.objects.get(locale__language_code="fi")
    index = MaterialIndexPageFactory(parent=home)
    material = MaterialPageFactory(
        parent=index,
        audience=Audience.MEMBERS,
        summary="Luottamuksellinen sopimusluonnos jäsenille.",
    )
    client.force_login(signed_in_user)
    response = client.get(material.url)
    assert response.status_code == 403
    assert "Luottamuksellinen" not in response.content.decode()


# --- Calls to action to places of the portal ---------------------------------------------


def test_a_call_to_action_can_lead_to_joining_the_network_in_each_language(
    home_pages, client
):
    for language, path in [("fi", "/fi/network/join/"), ("sv", "/sv/network/join/")]:
        page = StandardPageFactory(
            parent=home_pages[language],
            slug=f"liity-{language}",
            body=[
                {
                    "type": "call_to_action",
                    "value": {
                        "text": "Kuntien edustajat voivat liittyä verkostoon.",
                        "link_text": "Näin liityt verkostoon",
                        "page": None,
                        "link": "join_network",
                        "url": "",
                    },
                }
            ],
        )
        html = client.get(page.url).content.decode()
        assert f'<a class="button" href="{path}">Näin liityt verkostoon</a>' in html


def test_a_call_to_action_needs_somewhere_to_lead():
    from django.core.exceptions import ValidationError

    from portal.blocks import CallToActionBlock

    block = CallToActionBlock()
    value = block.to_python(
        {
            "text": "Tule mukaan",
            "link_text": "Tästä",
            "page": None,
            "link": "",
            "url": "",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)
    assert block.clean(block.to_python({**value, "link": "signup"}))["link"] == "signup"


def test_the_organisation_is_named_in_the_visitors_language(home_pages, client):
    from wagtail.models import Site

    from portal.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Muutostuen verkosto"
    site_settings.organisation_name_sv = "Förändringsstödets nätverk"
    site_settings.organisation_name_en = ""
    site_settings.save()
    sv = client.get("/sv/").content.decode()
    assert 'class="site-logo" href="/sv/">Förändringsstödets nätverk</a>' in sv
    assert "<title>" in sv and "– Förändringsstödets nätverk</title>" in sv
    assert '<p class="site-footer__name">Förändringsstödets nätverk</p>' in sv
    en = client.get("/en/").content.decode()
    assert (
        'class="site-logo" href="/en/">Muutostuen verkosto</a>' in en
    )  # no English name


@pytest.mark.parametrize(
    ("language", "name"),
    [("sv", "Förändringsstödets nätverk"), ("en", "Change support network")],
)
def test_site_name_is_in_the_readers_language_by_default(
    client, home_pages, language, name
):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(f"/{language}/").content.decode(), "html.parser")
    for part in (soup.title, soup.select_one(".site-header"), soup.footer):
        assert name in part.get_text()
        assert "Muutostuen verkosto" not in part.get_text()
