"""Sections that feature apps add to the home page.

`portal` does not import the feature apps (dependencies point inward), so each app
registers its sections in its `AppConfig.ready()`, like the My account sections.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    """`get_context(request=, home=)` returns the section's context, with its `template`."""

    key: str
    get_context: Callable[..., dict[str, Any]]
    order: int = 100


_sections: dict[str, HomeSection] = {}


def register(section: HomeSection) -> None:
    """Add (or replace, by key) a section of the home page."""
    _sections[section.key] = section


def home_sections(*, request: HttpRequest, home) -> dict[str, dict[str, Any]]:
    """Each section's context for this user and home page, in order, by key."""
    return {
        section.key: section.get_context(request=request, home=home)
        for section in sorted(_sections.values(), key=lambda s: (s.order, s.key))
    }
