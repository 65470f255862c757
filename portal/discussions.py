"""Discussions about a page, offered by whichever feature app hosts discussions.

A page (a shared good practice in the materials library) can have a discussion where
readers ask questions, but the app that owns the page does not import the app that hosts
discussions (features are independent). The host registers a provider from its
`AppConfig.ready()`; the forum does:

    from portal import discussions

    discussions.register("forums", ForumDiscussions())

and the page's app asks through this module:

    discussions.open_discussion(page_id=..., title=..., body=..., theme_ids=[...],
                                starter=user)  # on publication
    discussions.discussion_for(page_id=...)  # when showing the page

With no provider registered both return None and pages show no discussion link.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from portal.access import Audience


@dataclass(frozen=True)
class Discussion:
    """Where a page is discussed, and who may read it (an `Audience` value)."""

    url: str
    title: str
    reply_count: int
    audience: str = Audience.MEMBERS


class DiscussionProvider(Protocol):
    def open_for_page(
        self,
        *,
        page_id: int,
        title: str,
        body: str,
        theme_ids: Sequence[int],
        starter: Any,
    ) -> Discussion | None:
        """Start the page's discussion, or return the one it already has."""

    def for_page(self, *, page_id: int) -> Discussion | None:
        """The page's discussion, if it has one that readers may see."""


_providers: dict[str, DiscussionProvider] = {}


def register(key: str, provider: DiscussionProvider) -> None:
    """Add (or replace, by key) a host of discussions."""
    _providers[key] = provider


def unregister(key: str) -> None:
    _providers.pop(key, None)


def _provider() -> DiscussionProvider | None:
    """The first registered host: the portal has one (the forum)."""
    return next(iter(_providers.values()), None)


def open_discussion(
    *,
    page_id: int,
    title: str,
    body: str,
    theme_ids: Sequence[int],
    starter: Any,
) -> Discussion | None:
    """Start the discussion of a page (safe to call again: the existing one is kept).

    `body` is Markdown written by the portal; `starter` is the person shown as the
    one who opened it; `theme_ids` help the host choose where it belongs.
    """
    provider = _provider()
    if provider is None:
        return None
    return provider.open_for_page(
        page_id=page_id, title=title, body=body, theme_ids=theme_ids, starter=starter
    )


def discussion_for(*, page_id: int) -> Discussion | None:
    provider = _provider()
    if provider is None:
        return None
    return provider.for_page(page_id=page_id)
