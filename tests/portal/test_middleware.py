"""The request's Wagtail site comes from the cache (`portal.middleware`), with the same
pages as Wagtail's own lookup."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from portal.cache import layout_version
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


def queries_of(client, path) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [query["sql"] for query in queries.captured_queries]


def test_site_home_page_and_locale_are_not_queried_once_cached(client, home_page):
    StandardPageFactory(parent=home_page, title="Tietoa", slug="tietoa")
    client.get("/fi/tietoa/")
    response, sql = queries_of(client, "/fi/tietoa/")
    assert response.status_code == 200
    assert not [q for q in sql if "wagtailcore_site" in q]
    assert not [q for q in sql if 'FROM "portal_homepage"' in q]
    assert not [q for q in sql if 'FROM "wagtailcore_locale"' in q]


def test_the_cached_home_page_is_served_with_all_its_fields(client, home_pages):
    for language, text in (("fi", "Tervetuloa muutostukeen"), ("sv", "Välkommen")):
        page = home_pages[language]
        page.hero_intro = text
        page.save_revision().publish()
        client.get(f"/{language}/")
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert text in response.text
        assert response.context["page"] == page


def test_changing_a_site_expires_the_cached_site(client, home_page):
    client.get("/fi/")
    before = layout_version()
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Muutostuki (testi)"
    site.save()
    assert layout_version() > before
    response = client.get("/fi/")
    assert response.status_code == 200
    assert response.wsgi_request._wagtail_site.site_name == "Muutostuki (testi)"
