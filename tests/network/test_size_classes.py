"""Size classes of municipalities, derived from the register's population."""

import pytest

from network.models import Municipality, SizeClass, size_class_expression
from network.models.municipalities import size_class_of
from tests.factories.network import municipality

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (111, SizeClass.UNDER_5000),
        (4_999, SizeClass.UNDER_5000),
        (5_000, SizeClass.FROM_5000),
        (19_999, SizeClass.FROM_10000),
        (20_000, SizeClass.FROM_20000),
        (99_999, SizeClass.FROM_50000),
        (100_000, SizeClass.FROM_100000),
    ],
)
def test_the_lower_limit_belongs_to_the_class(population, expected):
    assert size_class_of(population) == expected


def test_the_register_falls_into_the_documented_classes():
    """network/data/README.md counts 140, 71, 44, 32, 12 and 9 municipalities."""
    counts = {
        value: Municipality.objects.in_size_classes([value]).count()
        for value in SizeClass.values
    }
    assert list(counts.values()) == [140, 71, 44, 32, 12, 9]


def test_the_sql_expression_agrees_with_the_property():
    annotated = Municipality.objects.annotate(size=size_class_expression())
    assert all(m.size == m.size_class for m in annotated)


def test_similar_municipalities_share_the_size_class_or_the_region():
    narpes = municipality("545")  # 9,584 residents, Pohjanmaa
    similar = Municipality.objects.similar_to(narpes)
    assert narpes not in similar
    assert municipality("280") in similar  # Korsnäs: Pohjanmaa, under 5,000
    assert municipality("541") in similar  # Nurmes: 5,000–9,999, Pohjois-Karjala
    assert municipality("091") not in similar  # Helsinki: neither


def test_unknown_size_classes_match_nothing():
    assert not Municipality.objects.in_size_classes(["huge"]).exists()
