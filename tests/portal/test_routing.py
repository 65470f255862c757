"""Routing through the page tree (`portal.models.PortalPageMixin.route` and
`events.models.EventIndexPage.route`): the same pages and 404s as Wagtail's own routing,
with fewer queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories.events import EventPageFactory
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nested(home_page):
    about = StandardPageFactory(parent=home_page, title="Tietoa", slug="tietoa")
    team = StandardPageFactory(parent=about, title="Muutostukitiimi", slug="tiimi")
    StandardPageFactory(parent=team, title="Yhteystiedot", slug="yhteystiedot")
    return about


def count_queries(client, path) -> tuple[int, int]:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries.captured_queries)


def test_pages_on_the_way_are_passed_without_their_own_fields(client, nested):
    status, top = count_queries(client, "/fi/tietoa/")
    assert status == 200
    status, deeper = count_queries(client, "/fi/tietoa/tiimi/")
    assert status == 200
    status, deepest = count_queries(client, "/fi/tietoa/tiimi/yhteystiedot/")
    assert status == 200
    # One query for each level more: the child by its slug, not its specific fields too.
    assert deeper == top + 1
    assert deepest == top + 2
    assert "Yhteystiedot" in client.get("/fi/tietoa/tiimi/yhteystiedot/").text


def test_missing_and_unpublished_pages_are_not_found(client, nested):
    draft = StandardPageFactory(parent=nested, title="Luonnos", slug="luonnos")
    draft.unpublish()
    for path in ("/fi/tietoa/puuttuu/", "/fi/puuttuu/tiimi/", "/fi/tietoa/luonnos/"):
        assert client.get(path).status_code == 404, path


def test_an_event_is_routed_with_its_seat_counts_and_its_own_routes(
    client, public_event
):
    response = client.get(public_event.url)
    assert response.status_code == 200
    assert "Koto-digi tuumaustunti" in response.text
    ics = client.get(public_event.url + "ics/")
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert client.get(public_event.url + "puuttuu/").status_code == 404


def test_unpublished_and_missing_events_are_not_found(client, event_index):
    draft = EventPageFactory(parent=event_index, slug="luonnos")
    draft.unpublish()
    assert client.get("/fi/tapahtumat/luonnos/").status_code == 404
    assert client.get("/fi/tapahtumat/ei-ole/").status_code == 404


def test_pages_on_the_way_and_the_event_are_read_without_an_order(
    client, member_user, nested, public_event
):
    """Siblings' slugs are unique and an index's translations hold at most one event of
    a slug each, so routing picks the page itself: no ORDER BY to compile (the last
    page's is Wagtail's `get()`, with a LIMIT and no ORDER BY)."""
    client.force_login(member_user)
    for path in ("/fi/tietoa/tiimi/yhteystiedot/", public_event.url):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        routing = [
            query["sql"]
            for query in queries.captured_queries
            if '"wagtailcore_page"."slug" =' in query["sql"]
        ]
        assert routing, path
        assert not [sql for sql in routing if "ORDER BY" in sql]
