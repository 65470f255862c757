"""Sections that feature apps add to an event page (asks: the questions sent before a
Q&A hour).

`events` cannot import the apps above it, so an app registers its section in its
`AppConfig.ready()`: a template and a function `(request, event, registration)` giving
the template's context, or None when the section is not shown. The function reads a
fixed number of rows whatever the event holds, and gives an anonymous visitor only what
every anonymous visitor sees (the page goes into the whole-page cache; the models it
shows are in `PORTAL_PAGE_CACHE_DEPENDENCIES`)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EventSection:
    key: str
    template: str
    get_context: Callable[[Any, Any, Any], dict | None]
    order: int = 50


@dataclass(frozen=True)
class ShownSection:
    template: str
    context: dict


_sections: dict[str, EventSection] = {}


def register(section: EventSection) -> None:
    """Add (or replace, by key) a section of the event page."""
    _sections[section.key] = section


def sections_for(request, event, registration) -> list[ShownSection]:
    """The sections this event page shows this reader, in order."""
    shown = []
    for section in sorted(_sections.values(), key=lambda section: section.order):
        context = section.get_context(request, event, registration)
        if context is not None:
            shown.append(ShownSection(template=section.template, context=context))
    return shown
