"""Sections that feature apps add to the home page.

`portal` does not import the feature apps (dependencies point inward), so each app
registers its sections in its `AppConfig.ready()`, like the My account sections.

A section can be cached: its HTML is then kept per home page, language, audience (what
`portal.access.visible_audiences` gives: anonymous, signed in, members), day and whatever
else the section declares in `vary_on`, under the versions it declares in `depends_on`
(names from `portal.cache.VERSIONS`). A change to what it depends on bumps the version, so
the next request renders it afresh; nothing is cleared by hand, and no entry is per person.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import access
from portal import cache as versions

SECTION_TIMEOUT = 60 * 60


@dataclass(frozen=True)
class HomeSection:
    """`get_context(request=, home=)` returns the section's context, with its `template`.

    `depends_on` names the versions the section's HTML is cached under (empty: not cached);
    `vary_on(request)` returns further parts of the key (for example the person's
    municipality), which must not identify a person.
    """

    key: str
    get_context: Callable[..., dict[str, Any]]
    order: int = 100
    depends_on: tuple[str, ...] = ()
    vary_on: Callable[[HttpRequest], Any] | None = None


_sections: dict[str, HomeSection] = {}


def register(section: HomeSection) -> None:
    """Add (or replace, by key) a section of the home page."""
    unknown = set(section.depends_on) - set(versions.VERSIONS)
    if unknown:
        raise ValueError(f"Unknown cache versions: {sorted(unknown)}")
    _sections[section.key] = section


def render_section(section: HomeSection, *, request: HttpRequest, home) -> str:
    context = section.get_context(request=request, home=home)
    return render_to_string(
        context["template"], {"section": context, "request": request}
    )


def section_key(section: HomeSection, *, request: HttpRequest, home) -> str:
    """Where a cached section is kept: what it is, for whom (the audience, never the
    person), in which language and on which day, under which versions."""
    shown = (
        home.pk,
        request.get_host(),
        translation.get_language(),
        tuple(access.visible_audiences(request.user)),
        timezone.localdate().isoformat(),
        section.vary_on(request) if section.vary_on else None,
        tuple(versions.VERSIONS[name]() for name in section.depends_on),
    )
    return f"portal:home-section:{section.key}:{versions.digest(*shown)}"


def home_sections(*, request: HttpRequest, home) -> dict[str, str]:
    """Each section's HTML for this user and home page, in order, by key; cached sections
    are read with one cache round trip."""
    ordered = sorted(_sections.values(), key=lambda s: (s.order, s.key))
    keys = {
        section.key: section_key(section, request=request, home=home)
        for section in ordered
        if section.depends_on
    }
    found = cache.get_many(list(keys.values())) if keys else {}
    rendered: dict[str, str] = {}
    missing: dict[str, str] = {}
    for section in ordered:
        key = keys.get(section.key)
        if key in found:
            rendered[section.key] = found[key]  # a SafeString, pickled as one
            continue
        html = render_section(section, request=request, home=home)
        rendered[section.key] = html
        if key is not None:
            missing[key] = html
    if missing:
        cache.set_many(missing, timeout=SECTION_TIMEOUT)
    return rendered
