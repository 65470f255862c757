"""The materials library: filters, facet counts, sorting, pages, audience, outdated marks."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from materials.filters import MaterialFilterSet
from materials.models import MaterialPage
from portal.access import Audience
from tests.factories.materials import MaterialPageFactory, bulk_material_pages
from tests.factories.network import municipality
from tests.factories.portal import translate

pytestmark = pytest.mark.django_db

#: The whole page: site, user, page tree, six facets, count, rows, themes, menus.
QUERY_BUDGET = 35


@pytest.fixture
def library(material_index, guide, good_practice, themes):
    """Five live materials of different kinds, plus a draft and a members-only one."""
    MaterialPageFactory(
        parent=material_index,
        title="Kuntalain 54 §:n mukainen sopimusmalli työllisyysalueelle",
        slug="sopimusmalli",
        material_type="contract_template",
        reform="te24",
        published_on=datetime.date(2024, 5, 20),
        themes=[themes["tyollisyysalueet"], themes["juridiikka"]],
    )
    MaterialPageFactory(
        parent=material_index,
        title="Infopaketti monikielisestä yhteiskuntaorientaatiosta",
        slug="infopaketti",
        material_type="information_package",
        language="multi",
        published_on=datetime.date(2025, 3, 10),
        themes=[themes["monikielinen-yhteiskuntaorientaatio"]],
    )
    MaterialPageFactory(
        parent=material_index,
        title="Åbo stads goda praxis",
        slug="abo",
        material_type="good_practice",
        municipality=municipality("853"),
        language="sv",
        published_on=datetime.date(2025, 1, 5),
    )
    MaterialPageFactory(
        parent=material_index, title="Luonnos", slug="luonnos", live=False
    )
    MaterialPageFactory(
        parent=material_index,
        title="Jäsenten esitys",
        slug="jasenten-esitys",
        material_type="presentation",
        audience=Audience.MEMBERS,
        published_on=datetime.date(2025, 5, 5),
    )
    return material_index


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".material-card__title a")]


def facet_counts(response, name: str) -> dict[str, int]:
    """Option value -> the count shown in its label, for one facet."""
    soup = BeautifulSoup(response.content, "html.parser")
    labels = {}
    for field in soup.select(f'input[name="{name}"]'):
        labels[field["value"]] = soup.select_one(f'label[for="{field["id"]}"]')
    for option in soup.select(f'select[name="{name}"] option'):
        if option["value"]:
            labels[option["value"]] = option
    return {
        value: int(re.search(r"\((\d+)\)\s*$", label.get_text()).group(1))
        for value, label in labels.items()
    }


def facet_labels(response, name: str) -> dict[str, str]:
    """Option value -> its label text, for one facet."""
    soup = BeautifulSoup(response.content, "html.parser")
    labels = {
        field["value"]: soup.select_one(f'label[for="{field["id"]}"]').get_text()
        for field in soup.select(f'input[name="{name}"]')
    }
    labels.update(
        (option["value"], option.get_text())
        for option in soup.select(f'select[name="{name}"] option')
        if option["value"]
    )
    return {value: " ".join(label.split()) for value, label in labels.items()}


def result_count(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(".library__count").get_text(strip=True)


def test_library_lists_live_materials_newest_first(client, library):
    response = client.get(library.url)
    assert titles(response) == [
        "Infopaketti monikielisestä yhteiskuntaorientaatiosta",
        "Kotoutumisohjelman laatimisen opas",
        "Åbo stads goda praxis",
        "Tampereen monikielinen neuvonta",
        "Kuntalain 54 §:n mukainen sopimusmalli työllisyysalueelle",
    ]
    assert result_count(response).startswith("5 ")


def test_library_shows_members_only_materials_to_members(client, library, member_user):
    client.force_login(member_user)
    response = client.get(library.url)
    assert titles(response)[0] == "Jäsenten esitys"
    assert "badge--restricted" in response.content.decode()


def test_library_sorts_by_title(client, library):
    response = client.get(library.url, {"sort": "title"})
    assert titles(response) == sorted(titles(response))
    assert titles(response)[0] == "Infopaketti monikielisestä yhteiskuntaorientaatiosta"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"type": "good_practice"},
            ["Åbo stads goda praxis", "Tampereen monikielinen neuvonta"],
        ),
        (
            {"reform": "te24"},
            [
                "Infopaketti monikielisestä yhteiskuntaorientaatiosta",
                "Åbo stads goda praxis",
                "Tampereen monikielinen neuvonta",
                "Kuntalain 54 §:n mukainen sopimusmalli työllisyysalueelle",
            ],
        ),
        (
            {"reform": "koto24"},
            [
                "Infopaketti monikielisestä yhteiskuntaorientaatiosta",
                "Kotoutumisohjelman laatimisen opas",
                "Åbo stads goda praxis",
                "Tampereen monikielinen neuvonta",
            ],
        ),
        ({"reform": ["koto24", "te24"]}, None),
        ({"reform": "both"}, None),
        (
            {"theme": "juridiikka"},
            ["Kuntalain 54 §:n mukainen sopimusmalli työllisyysalueelle"],
        ),
        ({"language": "sv"}, ["Åbo stads goda praxis"]),
        ({"municipality": "837"}, ["Tampereen monikielinen neuvonta"]),
        (
            {"year": "2024"},
            [
                "Tampereen monikielinen neuvonta",
                "Kuntalain 54 §:n mukainen sopimusmalli työllisyysalueelle",
            ],
        ),
        (
            {"type": ["guide", "contract_template"]},
            [
                "Kotoutumisohjelman laatimisen opas",
                "Kuntalain 54 §:n mukainen sopimusmalli työllisyysalueelle",
            ],
        ),
        (
            {"theme": ["juridiikka", "tyollisyysalueet", "kotoutumisohjelma"]},
            [
                "Kotoutumisohjelman laatimisen opas",
                "Kuntalain 54 §:n mukainen sopimusmalli työllisyysalueelle",
            ],
        ),
        ({"type": "good_practice", "year": "2025"}, ["Åbo stads goda praxis"]),
    ],
)
def test_library_filters_by_each_facet(client, library, params, expected):
    everything = titles(client.get(library.url))
    assert titles(client.get(library.url, params)) == (
        everything if expected is None else expected
    )


def test_reform_facet_counts_materials_about_both_under_either(client, library):
    response = client.get(library.url)

    assert facet_counts(response, "reform") == {"koto24": 4, "te24": 4}


def test_facet_counts_ignore_their_own_selection(client, library):
    response = client.get(library.url, {"type": "good_practice"})
    types = facet_counts(response, "type")
    assert types["good_practice"] == 2
    assert types["guide"] == 1  # what choosing it too would add
    assert facet_counts(response, "year") == {"2025": 1, "2024": 1}
    assert facet_counts(response, "municipality") == {"853": 1, "837": 1}
    assert "Turku (1)" in response.content.decode()


def test_facet_counts_follow_the_other_filters(client, library):
    response = client.get(library.url, {"language": "fi"})
    themes = facet_counts(response, "theme")
    assert themes == {
        "kotoutumisohjelma": 1,
        "ohjaus-ja-neuvonta": 1,
        "tyollisyysalueet": 1,
        "juridiikka": 1,
    }  # the multilingual information package is not in Finnish
    assert facet_counts(response, "language") == {"fi": 3, "sv": 1, "multi": 1}


def test_facets_are_in_the_active_language(client, library):
    sv_index = translate(library, "sv", title="Material")
    translate(library.get_children().get(slug="abo").specific, "sv", title="Åbo")
    html = client.get(sv_index.url).content.decode()
    assert "<legend>Typ</legend>" in html
    assert "Nyast först" in html
    assert "Åbo (1)" in html  # the municipality by its Swedish name


def test_region_facet_names_regions_in_the_reader_language(client, library):
    sv_index = translate(library, "sv", title="Material")
    translate(library.get_children().get(slug="abo").specific, "sv", title="Åbo")
    finnish = facet_labels(client.get(library.url), "region")
    swedish = facet_labels(client.get(sv_index.url), "region")
    assert finnish["Varsinais-Suomi"] == "Varsinais-Suomi (1)"
    assert swedish["Varsinais-Suomi"] == "Egentliga Finland (1)"
    assert "Varsinais-Suomi" not in " ".join(swedish.values())
    swedish_areas = facet_labels(client.get(sv_index.url), "employment_area")
    assert swedish_areas["Turku"] == "Åbo (1)"


def test_library_marks_outdated_materials(client, library):
    soup = BeautifulSoup(client.get(library.url).content, "html.parser")
    outdated = [
        card.select_one(".material-card__title").get_text(strip=True)
        for card in soup.select(".material-card")
        if card.select_one(".badge--outdated")
    ]
    assert outdated == ["Tampereen monikielinen neuvonta"]


def test_outdated_material_page_explains_it(client, good_practice):
    html = client.get(good_practice.url).content.decode()
    assert "badge--outdated" in html
    assert 'class="notice notice--warning"' in html
    assert "31.12.2024" in html


def test_material_is_outdated_only_after_its_valid_until_date(good_practice):
    assert good_practice.is_outdated_on(datetime.date(2025, 1, 1))
    assert not good_practice.is_outdated_on(datetime.date(2024, 12, 31))
    assert MaterialPage.objects.outdated(datetime.date(2025, 1, 1)).count() == 1


def test_library_shows_a_clear_empty_state(client, library):
    response = client.get(library.url, {"q": "olematonsanaxyz"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert titles(response) == []
    assert soup.select_one(".empty-state h3") is not None
    assert soup.select_one(f'.empty-state a[href="{library.url}"]') is not None


def test_library_paginates(client, material_index):
    bulk_material_pages(parent=material_index, count=45)
    first = client.get(material_index.url)
    assert len(titles(first)) == 20
    third = client.get(material_index.url, {"page": 3})
    assert len(titles(third)) == 5
    assert result_count(third).startswith("45 ")


def test_invalid_filter_values_are_ignored(client, library):
    response = client.get(library.url, {"theme": "ei-ole", "year": "x", "type": "?"})
    assert response.status_code == 200
    assert len(titles(response)) == 5


def test_facets_run_one_query_each(rf, library, signed_in_user):
    request = rf.get(library.url, {"type": "guide", "theme": "kotoutumisohjelma"})
    request.user = signed_in_user
    filterset = MaterialFilterSet(
        request.GET, queryset=MaterialPage.objects.live(), request=request
    )
    filterset.form.is_valid()  # validation looks the chosen theme up
    with CaptureQueriesContext(connection) as queries:
        facets = filterset.facets()
    assert len(queries) == 11  # one per facet, one for the region and area names
    assert [facet.name for facet in facets] == [
        "type",
        "reform",
        "theme",
        "language",
        "municipality",
        "size",
        "municipality_language",
        "region",
        "employment_area",
        "year",
    ]


def test_municipalities_like_mine_is_a_facet_for_people_with_a_municipality(
    rf, library, member_user
):
    request = rf.get(library.url)
    request.user = member_user
    filterset = MaterialFilterSet(
        request.GET,
        queryset=MaterialPage.objects.live(),
        request=request,
        home_municipality=municipality("091"),
    )
    with CaptureQueriesContext(connection) as queries:
        facets = filterset.facets()
    assert len(queries) == 12  # the similar facet, then as in the test above
    assert facets[0].name == "similar"


@pytest.mark.slow
def test_library_runs_a_bounded_number_of_queries_with_2000_materials(
    client, material_index, themes, django_assert_max_num_queries
):
    theme_list = list(themes.values())
    bulk_material_pages(
        parent=material_index,
        count=2000,
        material_type=lambda n: MaterialPage.MaterialType.values[n % 8],
        municipality_id=lambda n: municipality("091").pk if n % 8 == 7 else None,
        published_on=lambda n: datetime.date(2020 + n % 6, 1 + n % 12, 1),
        language=lambda n: ["fi", "sv", "en"][n % 3],
    )
    through = MaterialPage.themes.through
    through.objects.bulk_create(
        through(materialpage_id=page_id, theme_id=theme_list[index % 12].pk)
        for index, page_id in enumerate(
            MaterialPage.objects.child_of(material_index).values_list("pk", flat=True)
        )
    )
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(material_index.url, {"theme": "juridiikka", "page": 2})
    assert response.status_code == 200
    assert len(titles(response)) == 20
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(material_index.url, {"sort": "title"})
    assert result_count(response).startswith("2000 ")


def test_material_types_keep_their_own_names_in_finnish(client, material_index):
    MaterialPageFactory(parent=material_index, material_type="report")
    soup = BeautifulSoup(client.get(material_index.url).content, "html.parser")
    label = soup.select_one('label[for="facet-type-1"]').get_text(" ", strip=True)
    assert label == "Raportti (1)"  # not another app's "Report" (to flag a post)


def test_type_and_language_filters_list_each_material_once_without_distinct(
    client, library, themes
):
    """The two filters read the material's own columns, so no row repeats and the
    listing needs no DISTINCT (which sorted every matching row on all its columns);
    django-filter's multiple-choice filters add one unless told not to."""
    MaterialPageFactory(
        parent=library,
        title="Toinen opas",
        slug="toinen-opas",
        material_type="guide",
        language="fi",
        themes=[themes["juridiikka"], themes["tyollisyysalueet"]],
    )
    params = {"type": ["guide", "presentation"], "language": ["fi", "sv"]}
    client.get(library.url, params)  # the facets, cached from now on

    with CaptureQueriesContext(connection) as queries:
        response = client.get(library.url, params)

    listed = titles(response)
    assert sorted(listed) == sorted(
        MaterialPage.objects.live()
        .filter(
            audience=Audience.PUBLIC,
            material_type__in=params["type"],
            language__in=params["language"],
        )
        .values_list("title", flat=True)
    )
    assert len(listed) == len(set(listed)) == 2
    filtered = '"materials_materialpage"."material_type" = \'presentation\''
    listing = [q["sql"] for q in queries.captured_queries if filtered in q["sql"]]
    assert len(listing) == 2  # the count and the page
    assert not any("DISTINCT" in sql for sql in listing)
