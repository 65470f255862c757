"""The language versions of a page or view (`portal.languages`): the switcher keeps the
reader's place or says where it goes instead, and <head> names the alternates."""

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import BaseViewRestriction, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from portal.languages import language_links
from tests.factories.portal import StandardPageFactory, translate

pytestmark = pytest.mark.django_db

BASE_URL = "https://muutostuki.example"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


def switcher(html: str) -> dict[str, dict]:
    """The switcher's links by language: address, text, lang and note."""
    links = BeautifulSoup(html, "html.parser").select(".language-switcher a")
    return {
        link["hreflang"]: {
            "href": link["href"],
            "lang": link["lang"],
            "text": link.get_text(),
            "note": (link.select_one(".language-switcher__note") or link).get_text(),
        }
        for link in links
    }


def head_links(html: str) -> dict[str, str]:
    head = BeautifulSoup(html, "html.parser").head
    found = {
        link["hreflang"]: link["href"]
        for link in head.select('link[rel="alternate"][hreflang]')
    }
    canonical = head.select_one('link[rel="canonical"]')
    if canonical is not None:
        found["canonical"] = canonical["href"]
    return found


@pytest.fixture
def section(home_page):
    """A section with a Swedish translation and a page in it only in Finnish."""
    fi = StandardPageFactory(parent=home_page, title="Ajankohtaista", slug="ajankoht")
    sv = translate(fi, "sv", title="Aktuellt", slug="aktuellt")
    only_fi = StandardPageFactory(parent=fi, title="Vain suomeksi", slug="vain-fi")
    return {"fi": fi, "sv": sv, "only_fi": only_fi}


def test_switch_without_translation_goes_to_the_section_and_says_so(client, section):
    links = switcher(client.get(section["only_fi"].url).content.decode())
    assert links["sv"]["href"] == "/sv/aktuellt/"
    assert links["sv"]["lang"] == "sv"
    assert links["sv"]["note"] == ": Aktuellt – sidan finns bara på finska"
    # No English section: the English front page, said in English.
    assert links["en"]["href"] == "/en/"
    assert links["en"]["note"] == ": front page – the page is only in Finnish"


def test_switch_from_swedish_to_a_missing_finnish_page_is_said_in_finnish(
    client, section
):
    only_sv = StandardPageFactory(parent=section["sv"], title="Bara svenska")
    links = switcher(client.get(only_sv.url).content.decode())
    assert links["fi"]["href"] == "/fi/ajankoht/"
    assert links["fi"]["note"] == ": Ajankohtaista – sivu on vain ruotsiksi"


def test_switch_skips_an_unpublished_translation(client, section, home_pages):
    page_sv = translate(section["only_fi"], "sv", title="Bara", slug="bara")
    page_sv.unpublish()
    links = switcher(client.get(section["only_fi"].url).content.decode())
    assert links["sv"]["href"] == "/sv/aktuellt/"
    assert "finska" in links["sv"]["note"]


def test_switch_to_a_login_restricted_translation_follows_the_reader(
    client, section, signed_in_user
):
    page_sv = translate(section["only_fi"], "sv", title="Inloggade", slug="inlogg")
    PageViewRestriction.objects.create(
        page=page_sv, restriction_type=BaseViewRestriction.LOGIN
    )
    url = section["only_fi"].url
    assert switcher(client.get(url).content.decode())["sv"]["href"] == "/sv/aktuellt/"
    client.force_login(signed_in_user)
    links = switcher(client.get(url).content.decode())
    assert links["sv"]["href"] == "/sv/aktuellt/inlogg/"
    assert links["sv"]["text"] == "Svenska"


def test_switch_skips_a_translation_for_members_only(
    client, event_index, members_event, signed_in_user, member_user
):
    translate(event_index, "sv", title="Evenemang", slug="evenemang")
    fi = members_event
    sv = translate(fi, "sv", title="Nätverksmöte", slug="natverksmote")
    client.force_login(signed_in_user)
    assert sv.url not in str(switcher(client.get(fi.url).content.decode()))
    client.force_login(member_user)
    assert switcher(client.get(fi.url).content.decode())["sv"]["href"] == sv.url


def test_switch_on_views_keeps_the_path(
    client, member_user, forum_category, public_event
):
    """Account pages, the forum and an event's registration form (which shows the
    untranslated event page) switch to the same view in the other language."""
    client.force_login(member_user)
    for path in (
        "/accounts/email/",
        f"/forum/c/{forum_category.slug}/",
        f"/events/{public_event.pk}/register/",
    ):
        response = client.get(f"/fi{path}")
        assert response.status_code == 200, path
        links = switcher(response.content.decode())
        assert links["sv"]["href"] == f"/sv{path}"
        assert links["sv"]["text"] == "Svenska"
        swedish = client.get(f"/sv{path}")
        assert swedish.status_code == 200, path
        assert '<html lang="sv">' in swedish.content.decode(), path


def test_switch_targets_take_a_fixed_number_of_queries(section, signed_in_user):
    page = section["only_fi"]
    PageViewRestriction.objects.create(
        page=section["sv"], restriction_type=BaseViewRestriction.LOGIN
    )
    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    with translation.override("fi"):
        language_links(request, page)  # the site's root paths, cached from now on
        request.portal_translations = {}
        with CaptureQueriesContext(connection) as queries:
            links = language_links(request, page)
    # The page's translations, its sections' translations, their restrictions (twice).
    assert len(queries) <= 4
    assert [link.url for link in links] == [page.url, "/sv/", "/en/"]


def test_head_names_each_translation_and_finnish_as_default(client, section):
    links = head_links(client.get(section["sv"].url).content.decode())
    assert links == {
        "fi": f"{BASE_URL}/fi/ajankoht/",
        "sv": f"{BASE_URL}/sv/aktuellt/",
        "x-default": f"{BASE_URL}/fi/ajankoht/",
        "canonical": f"{BASE_URL}/sv/aktuellt/",
    }


def test_head_of_an_untranslated_page_has_only_the_canonical(client, section):
    links = head_links(client.get(section["only_fi"].url).content.decode())
    assert links == {"canonical": f"{BASE_URL}/fi/ajankoht/vain-fi/"}


def test_head_alternates_take_no_query_per_translation(client, section):
    def count() -> int:
        cache.clear()  # every fragment of the layout computed again
        with CaptureQueriesContext(connection) as queries:
            response = client.get(section["fi"].url)
        assert response.status_code == 200
        return len(queries)

    client.get(section["fi"].url)
    with_two = count()
    translate(section["fi"], "en", title="News", slug="news")
    assert len(head_links(client.get(section["fi"].url).content.decode())) == 5
    assert count() <= with_two


def test_switch_on_a_route_of_a_page_keeps_the_route(
    client, survey_index_page, published_survey, member_user
):
    translate(survey_index_page, "sv", title="Enkäter", slug="enkater")
    sv = translate(published_survey, "sv", title="Pulsen", slug="pulsen")
    client.force_login(member_user)
    response = client.get(f"{published_survey.url}results/")
    assert response.status_code == 200
    assert switcher(response.content.decode())["sv"]["href"] == f"{sv.url}results/"
