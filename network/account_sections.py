"""Sections that feature apps add to the user's "My account" page.

`network` cannot import the feature apps (dependencies point inward), so each
app registers its section in its `AppConfig.ready()` (events: "My registrations").
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class AccountSection:
    key: str
    template: str
    get_context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 100


_sections: dict[str, AccountSection] = {}


def register(section: AccountSection) -> None:
    """Add (or replace, by key) a section of the My account page."""
    _sections[section.key] = section


def sections_for(request: HttpRequest) -> list[dict[str, Any]]:
    """Each section's template and context for this request, in order."""
    return [
        {
            "key": section.key,
            "template": section.template,
            **section.get_context(request),
        }
        for section in sorted(_sections.values(), key=lambda s: (s.order, s.key))
    ]
