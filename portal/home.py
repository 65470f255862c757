"""What the home page shows from the feature apps, via their public queries."""

from typing import Any


def home_sections(*, request, home) -> dict[str, Any]:
    """The latest items per section for this user, each a short list or queryset."""
    return {}
