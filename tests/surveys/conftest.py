from django.utils import translation

import pytest


@pytest.fixture(autouse=True)
def english():
    """Tests without a request read messages in English; pages are served in Finnish."""
    with translation.override("en"):
        yield
