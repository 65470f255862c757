"""A crawl of the seeded demo in a browser: the pages a visitor reaches from the home pages,
each with its kind (the Wagtail page type, else the URL name), language, width and HTML.

The layout tests (320 px reflow, HTML validation) use it, so a new page kind is checked the
day it is linked from anywhere, without a list of pages to keep up to date.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from io import StringIO
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import translation

#: Where a crawl starts, besides the links it finds: pages linked only from forms or mails.
START_PATHS = [
    "/fi/",
    "/sv/",
    "/en/",
    "/fi/accounts/login/",
    "/sv/accounts/signup/",
    "/en/accounts/password/reset/",
    "/fi/accounts/login/code/",
    "/fi/accounts/email/",
    "/sv/accounts/password/change/",
    "/fi/network/account/",
    "/sv/network/account/delete/",
    "/fi/network/members/",
    "/fi/forum/",
    "/sv/forum/preferences/",
    "/fi/forum/notifications/",
    "/fi/forum/search/?q=kotoutumisohjelma",
    "/sv/search/?q=integration",
    "/fi/search/?q=",
    "/fi/ei-ole-olemassa/",
]

#: Links a crawl does not follow: the admin, files, feeds, and links that change state.
SKIPPED = re.compile(
    r"^/(admin|documents|static|media)/|/logout/|/react/|/attachment/|/unread/"
    r"|\.(ics|json|csv|xlsx|pdf)$|/(ics|rss|atom)/$|/calendar/"
)

#: How many pages alike a crawl visits: under one section (events, materials…) or numbered
#: alike (topics, posts): they share a template.
SIBLINGS = 2


def seed_demo() -> None:
    """The whole demo (every app's), as `manage.py seed_demo` builds it."""
    call_command("seed_demo", stdout=StringIO())


def page_types() -> dict[str, str]:
    """The URL of every live page and its page type's name, also where another
    language's site shows the page itself (an event below a translated index)."""
    from wagtail.models import Page

    types = {}
    for page in Page.objects.live().filter(depth__gt=1).specific():
        types[page.get_url()] = type(page).__name__
        shown_in = getattr(page, "language_urls", None)
        for url in (shown_in() if shown_in else {}).values():
            types.setdefault(url, type(page).__name__)
    return types


def kind_of(path: str, types: dict[str, str]) -> str:
    """`fi MaterialPage`, `sv SurveyPage:results`, `fi forums:topic`…"""
    language = path.strip("/").split("/", 1)[0]
    if path in types:
        return f"{language} {types[path]}"
    try:
        with translation.override(language):  # i18n_patterns match the active language
            match = resolve(path)
    except Resolver404:
        return f"{language} 404"
    if match.view_name != "wagtail_serve":
        return f"{language} {match.view_name}"
    parent = max((url for url in types if path.startswith(url)), key=len, default="")
    route = path[len(parent) :].strip("/").split("/", 1)[0]
    if parent:
        return f"{language} {types[parent]}:{route}"
    return f"{language} 404"


@dataclass
class CrawledPage:
    path: str
    kind: str
    status: int
    width: int
    html: str


def crawl(
    page,
    base_url: str,
    types: dict[str, str],
    *,
    start: Iterable[str] = START_PATHS,
    limit: int = 300,
) -> list[CrawledPage]:
    """Visit pages breadth-first from `start` (each path once, whatever its query string,
    and at most `SIBLINGS` pages alike) and record each page's document width and
    HTML as the server sent it."""
    queue = list(start)
    queued_paths = {urlsplit(path).path for path in queue}
    siblings: dict[str, int] = {}
    pages: list[CrawledPage] = []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        response = page.goto(base_url + path)
        if response is None or "text/html" not in response.headers.get(
            "content-type", ""
        ):
            continue
        final = urlsplit(page.url)
        pages.append(
            CrawledPage(
                path=path,
                kind=(kind_of(final.path, types) if response.status != 404 else "404"),
                status=response.status,
                width=page.evaluate("document.documentElement.scrollWidth"),
                html=response.text(),
            )
        )
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(link => link.href)"
        ):
            target = urlsplit(urljoin(page.url, href))
            if target.netloc != final.netloc or SKIPPED.search(target.path):
                continue
            if not re.match(r"^/(fi|sv|en)/", target.path):
                continue
            if target.path in queued_paths:
                continue
            # Paths alike but for a number (/forum/post/7/report/) are one kind; paths
            # under one section (/fi/tapahtumat/<slug>/) are siblings of a listing.
            numbered = re.sub(r"/\d+/", "/N/", target.path)
            if numbered != target.path:
                alike = numbered
            else:
                alike = target.path.rstrip("/").rsplit("/", 1)[0]
                if alike.count("/") < 2:  # a section of a home page: always visited
                    alike = target.path
            if siblings.get(alike, 0) >= SIBLINGS:
                continue
            queued_paths.add(target.path)
            siblings[alike] = siblings.get(alike, 0) + 1
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages
