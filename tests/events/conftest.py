"""Fixtures shared by the events tests."""

import pytest

from tests.factories.portal import translate


@pytest.fixture
def indexes(event_index):
    """The event index in Finnish (the tree the events live in), Swedish and English."""
    return {
        "fi": event_index,
        "sv": translate(event_index, "sv", title="Evenemang", slug="evenemang"),
        "en": translate(event_index, "en", title="Events", slug="events"),
    }
