"""The Wagtail behaviour that `portal.wagtail_shortcuts` relies on. These tests fail when an
upgrade of Wagtail changes it: then the shortcut must change (or go) before the upgrade."""

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from portal.middleware import find_site
from portal.wagtail_shortcuts import give_request_its_site
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(home_page):
    """A request that was given its site and root paths, and that site."""
    site, root_paths = find_site("localhost", 80)
    request = RequestFactory().get("/fi/", HTTP_HOST="localhost")
    give_request_its_site(request, site, root_paths)
    return request, site, root_paths


def test_wagtail_finds_the_given_site_without_a_query(given):
    request, site, _root_paths = given
    with CaptureQueriesContext(connection) as queries:
        found = Site.find_for_request(request)
    assert found is site
    assert queries.captured_queries == []


def test_wagtail_builds_page_addresses_from_the_given_root_paths(given, home_page):
    request, _site, root_paths = given
    page = StandardPageFactory(parent=home_page, slug="tietoa")
    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    cache.get = counting_get
    try:
        with CaptureQueriesContext(connection) as queries:
            url = page.get_url(request)
    finally:
        del cache.get
    assert url == "/fi/tietoa/"
    assert reads == []
    assert queries.captured_queries == []
    assert page._get_site_root_paths(request) is root_paths


def test_wagtail_still_finds_a_site_for_a_request_not_given_one(home_page):
    request = RequestFactory().get("/fi/", HTTP_HOST="localhost")
    assert Site.find_for_request(request) == Site.objects.get(is_default_site=True)
