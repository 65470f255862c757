"""The one helper that picks a per-language field's value in the active language."""

from django.utils import translation

import pytest

from portal.models import Theme
from portal.models.localized import localized, localized_field


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "Kotoutuminen"), ("sv", "Integration"), ("en", "Integration (en)")],
)
def test_localized_picks_the_active_languages_value(language, expected):
    theme = Theme(
        name_fi="Kotoutuminen", name_sv="Integration", name_en="Integration (en)"
    )
    with translation.override(language):
        assert localized(theme, "name") == expected


def test_localized_falls_back_to_finnish_when_the_value_is_empty():
    theme = Theme(name_fi="Kotoutuminen", name_sv="", name_en="")
    with translation.override("en"):
        assert localized(theme, "name") == "Kotoutuminen"
    assert localized(theme, "name", "sv") == "Kotoutuminen"


def test_localized_field_falls_back_to_finnish_where_the_model_has_no_column():
    assert localized_field(Theme, "name", "sv") == "name_sv"
    assert localized_field(Theme, "name", "de") == "name_fi"
    assert localized_field(Theme, "name", "sv-fi") == "name_sv"


def test_finnish_column_without_a_suffix_is_the_fallback():
    from network.models import Municipality

    assert localized_field(Municipality, "region", "sv") == "region_sv"
    assert localized_field(Municipality, "region", "fi") == "region"
    assert localized_field(Municipality, "region", "en") == "region"
    uusimaa = Municipality(region="Uusimaa", region_sv="")
    assert localized(uusimaa, "region", "sv") == "Uusimaa"
    uusimaa.region_sv = "Nyland"
    assert localized(uusimaa, "region", "sv") == "Nyland"
    assert localized(uusimaa, "region", "en") == "Uusimaa"
