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
    assert (
        Site.find_for_request(response.wsgi_request).site_name == "Muutostuki (testi)"
    )


def test_one_cache_read_brings_the_site_its_root_paths_and_the_restriction_answer(
    client, home_page
):
    """Page addresses are built from the root paths cached with the site, and the answer to
    "has any page a view restriction?" comes in the same read."""
    from django.core.cache import cache as default_cache

    client.get("/fi/")
    root_paths = Site.get_site_root_paths()
    reads, inside_get_many = [], []
    real_get, real_get_many = default_cache.get, default_cache.get_many

    def counting_get(key, *args, **kwargs):
        if not inside_get_many:  # the local-memory cache's get_many calls get
            reads.append([key])
        return real_get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        reads.append(sorted(keys))
        inside_get_many.append(True)
        try:
            return real_get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    default_cache.get, default_cache.get_many = counting_get, counting_get_many
    try:
        response = client.get("/fi/")
    finally:
        del default_cache.get, default_cache.get_many
    assert response.status_code == 200
    assert response.wsgi_request._wagtail_cached_site_root_paths == root_paths
    site_reads = [keys for keys in reads if any("portal:site" in key for key in keys)]
    assert len(site_reads) == 1
    assert any("portal:view-restrictions:" in key for key in site_reads[0])
    assert not [keys for keys in reads if any("root_paths" in key for key in keys)]
    assert len([k for keys in reads for k in keys if "view-restrictions:" in k]) == 1
