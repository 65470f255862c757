"""The Wagtail behaviour that `portal.wagtail_shortcuts` relies on. These tests fail when an
upgrade of Wagtail changes it: then the shortcut must change (or go) before the upgrade."""

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

import pytest

from portal.middleware import find_site
from portal.wagtail_shortcuts import give_request_its_site, remember_parent
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


def test_a_remembered_parent_is_wagtails_parent_without_a_query(home_page):
    about = StandardPageFactory(parent=home_page, slug="tietoa")
    child = StandardPageFactory(parent=about, slug="yhteys")
    routed = type(child).objects.get(pk=child.pk)
    remember_parent(routed, about)
    with CaptureQueriesContext(connection) as queries:
        parent = routed.get_parent()
    assert parent is about
    assert queries.captured_queries == []


def test_wagtails_own_routing_remembers_the_parent_the_same_way(rf, home_page):
    """The shortcut does what Wagtail's `Page.route` does for the page it routes to."""
    about = StandardPageFactory(parent=home_page, slug="tietoa")
    StandardPageFactory(parent=about, slug="yhteys")
    request = rf.get("/fi/tietoa/yhteys/")
    routed = Page.route(about, request, ["yhteys"]).page
    with CaptureQueriesContext(connection) as queries:
        assert routed.get_parent() is about
    assert queries.captured_queries == []
