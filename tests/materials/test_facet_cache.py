"""The library's facets are cached under what they depend on and equal the computed ones."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from materials.filters import MaterialFilterSet, cached_facets
from materials.models import MaterialPage
from portal.cache import bump_layout_version
from tests.factories.materials import MaterialPageFactory, bulk_material_pages
from tests.factories.network import municipality
from tests.materials.test_library import facet_counts, facet_labels, library  # noqa: F401

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"type": ["guide", "good_practice"]},
    {"reform": "koto24", "language": "fi"},
    {"theme": "juridiikka", "year": "2024"},
    {"size": "under-5000", "municipality_language": "sv"},
    {"region": "Varsinais-Suomi", "similar": "mine"},
    {"municipality": "853", "q": "praxis"},
    {"theme": "ei-ole", "year": "x"},  # invalid choices are ignored
]


def filterset_for(rf, index, user, params, home=None) -> MaterialFilterSet:
    request = rf.get(index.url, params)
    request.user = user
    materials = MaterialPage.objects.child_of(index).live().visible_to(user)
    return MaterialFilterSet(
        request.GET, queryset=materials, request=request, home_municipality=home
    )


@pytest.fixture
def grown_library(library, themes):  # noqa: F811
    """The library with 60 more materials of every kind, year, language and origin."""
    codes = ["091", "853", "049", "837", "005"]
    bulk_material_pages(
        parent=library,
        count=60,
        material_type=lambda n: MaterialPage.MaterialType.values[n % 8],
        municipality_id=lambda n: municipality(codes[n % 5]).pk if n % 3 else None,
        published_on=lambda n: datetime.date(2020 + n % 6, 1 + n % 12, 1),
        language=lambda n: ["fi", "sv", "en"][n % 3],
        reform=lambda n: ["koto24", "te24", "both"][n % 3],
        audience=lambda n: ["public", "signed_in", "members"][n % 3],
    )
    theme_list = list(themes.values())
    MaterialPage.themes.through.objects.bulk_create(
        MaterialPage.themes.through(materialpage_id=pk, theme=theme_list[pk % 5])
        for pk in MaterialPage.objects.child_of(library)
        .filter(slug__startswith="bulk-")
        .values_list("pk", flat=True)
    )
    return library


@pytest.mark.parametrize("params", QUERIES)
@pytest.mark.parametrize("who", ["anonymous", "signed_in", "member"])
def test_cached_facets_equal_the_computed_ones_for_every_audience(
    rf, grown_library, params, who, signed_in_user, member_user
):
    from django.contrib.auth.models import AnonymousUser

    user = {"anonymous": AnonymousUser(), "signed_in": signed_in_user}.get(
        who, member_user
    )
    home = municipality("091") if who == "member" else None
    expected = filterset_for(rf, grown_library, user, params, home).compute_facets()
    first = cached_facets(filterset_for(rf, grown_library, user, params, home))
    with CaptureQueriesContext(connection) as queries:
        again = cached_facets(filterset_for(rf, grown_library, user, params, home))
    assert first == expected
    assert again == expected
    # Only what validating the form reads (a chosen theme, municipality) is left.
    assert len(queries) <= 2
    assert not any("COUNT(" in query["sql"] for query in queries)


def test_the_audiences_do_not_share_their_facets(rf, grown_library, member_user):
    from django.contrib.auth.models import AnonymousUser

    anonymous = cached_facets(filterset_for(rf, grown_library, AnonymousUser(), {}))
    member = cached_facets(filterset_for(rf, grown_library, member_user, {}))
    count = {facet.name: facet for facet in anonymous}["type"].options
    member_count = {facet.name: facet for facet in member}["type"].options
    assert sum(o.count for o in member_count) > sum(o.count for o in count)


def test_facets_follow_a_change_on_the_next_request(client, library, themes):  # noqa: F811
    assert facet_counts(client.get(library.url), "type")["guide"] == 1
    material = MaterialPageFactory(
        parent=library, material_type="guide", themes=[themes["juridiikka"]]
    )
    response = client.get(library.url)
    assert facet_counts(response, "type")["guide"] == 2
    assert facet_counts(response, "theme")["juridiikka"] == 2
    material.unpublish()
    assert facet_counts(client.get(library.url), "type")["guide"] == 1
    theme = themes["juridiikka"]
    theme.name_fi = "Lainsäädäntö"
    theme.save()
    assert facet_labels(client.get(library.url), "theme")["juridiikka"] == (
        "Lainsäädäntö (1)"
    )


def test_a_warm_library_runs_the_same_queries_small_or_grown(
    client,
    library,  # noqa: F811
    django_assert_max_num_queries,
):
    client.get(library.url)
    with django_assert_max_num_queries(40) as small:
        client.get(library.url)
    warm = len(small.captured_queries)  # read now: the next request empties the log
    bulk_material_pages(parent=library, count=80)
    bump_layout_version()  # rows inserted directly send no signal
    with django_assert_max_num_queries(40) as cold:
        client.get(library.url)
    assert len(cold.captured_queries) >= warm + 11  # the facets, computed once
    with django_assert_max_num_queries(warm) as grown:
        response = client.get(library.url)
        sql = [query["sql"] for query in grown.captured_queries]
    # What is left: the route, the result count, the page of rows and their themes.
    assert warm <= 5
    assert sum("COUNT(" in query for query in sql) == 1
    assert facet_counts(response, "type")["guide"] == 81
