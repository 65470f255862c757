"""Pages with shared practices run a fixed number of queries, with 1,000 practices."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from materials import services
from materials.models import PracticePage
from network import coverage
from network.models import Municipality
from portal.models import Theme
from tests.factories.materials import bulk_practice_pages, share_practice

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

#: Municipalities of every size class, two languages and several regions.
CODES = ["091", "167", "545", "707", "905", "280", "564", "072", "743", "598"]


def queries(client, url, params=None) -> int:
    """The queries of a request after a first one filled the caches."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def themes(db):
    return list(Theme.objects.filter(slug__in=["tyollisyysalueet", "juridiikka"]))


def grow(material_index, themes, count):
    bulk_practice_pages(parent=material_index, count=count, codes=CODES, themes=themes)


def test_the_library_with_its_practice_facets(
    client, material_index, member_user, themes
):
    client.force_login(member_user)  # Helsinki: "like mine" box and facet
    grow(material_index, themes, 10)
    params = {"size": "under-5000", "region": "Pohjanmaa", "page": 1}
    few = (
        queries(client, material_index.url),
        queries(client, material_index.url, params),
    )
    grow(material_index, themes, 990)
    many = (
        queries(client, material_index.url),
        queries(client, material_index.url, params),
    )
    assert many == few
    assert max(many) <= 45


def test_a_practice_page_with_many_related_practices(
    client, material_index, member_user, themes, staff_user
):
    client.force_login(member_user)
    grow(material_index, themes, 10)
    shared = share_practice(
        user=member_user,
        themes=themes,
        partner_municipalities=list(Municipality.objects.filter(code__in=CODES)),
        is_contact_person=True,
    )
    services.publish_practice(page=shared.page, by=staff_user)
    page = PracticePage.objects.get(pk=shared.page_id)
    few = queries(client, page.url)
    grow(material_index, themes, 990)
    assert queries(client, page.url) == few
    assert few <= 30


def test_the_home_page_with_practices_like_mine(
    client, home_page, material_index, member_user, themes
):
    client.force_login(member_user)
    grow(material_index, themes, 10)
    few = queries(client, home_page.url)
    grow(material_index, themes, 990)
    assert queries(client, home_page.url) == few


def test_my_account_with_many_shared_practices(
    client, material_index, member_user, monkeypatch
):
    monkeypatch.setattr(services, "SHARES_PER_HOUR", 100)
    client.force_login(member_user)
    for number in range(2):
        share_practice(user=member_user, title=f"Käytäntö {number}")
    few = queries(client, "/fi/network/account/")
    for number in range(2, 20):
        share_practice(user=member_user, title=f"Käytäntö {number}")
    assert queries(client, "/fi/network/account/") == few


def test_the_coverage_column_counts_in_one_query(material_index, themes):
    grow(material_index, themes, 1000)
    (column,) = [c for c in coverage.extra_columns() if c.key == "practices_shared"]
    with CaptureQueriesContext(connection) as captured:
        counts = column.counts()
    assert len(captured) == 1
    assert sum(counts.values()) == 2000  # each practice has two municipalities
