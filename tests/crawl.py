"""A crawl of the seeded demo in a browser: the pages a visitor reaches from the home pages,
each with its kind (the Wagtail page type, else the URL name), language, width and HTML.

The layout tests (320 px reflow, HTML validation) use it, so a new page kind is checked the
day it is linked from anywhere, without a list of pages to keep up to date.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import translation

import polib
from bs4 import BeautifulSoup

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


# The language crawls (tests/portal/test_swedish_crawl.py, test_english_crawl.py): the
# test client follows one site's links and the visible text is checked against the
# portal's own texts in the other languages.

#: Shorter interface texts are too often the same in two languages, names or codes.
MIN_LENGTH = 8
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def catalogue_texts(language: str, unlike: str | None = None) -> set[str]:
    """The msgstrs of `language` in the portal's catalogues (the longest piece between
    placeholders, `MIN_LENGTH` characters or more) that differ from the msgstr of the
    same msgid in the catalogue of `unlike`, or from the msgid itself (the English
    text) where `unlike` is None."""
    root = Path(settings.BASE_DIR)
    paths = sorted(root.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))
    # A msgstr that is also an English text ("Material") is English as well.
    english = (
        set() if unlike else {e.msgid for p in paths for e in polib.pofile(str(p))}
    )
    texts = set()
    for path in paths:
        if unlike:
            other_path = path.parents[2] / unlike / "LC_MESSAGES" / "django.po"
            other = {
                (e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(other_path))
            }
        for entry in polib.pofile(str(path)):
            if not entry.msgstr or entry.obsolete:
                continue
            compared = (
                other.get((entry.msgctxt, entry.msgid)) if unlike else entry.msgid
            )
            if compared == entry.msgstr or entry.msgstr in english:
                continue
            piece = max(PLACEHOLDER.split(entry.msgstr), key=len).strip(" .:,;–-()")
            if len(piece) >= MIN_LENGTH and "\n" not in piece and "<" not in piece:
                texts.add(" ".join(piece.split()))
    return texts


def data_values(counterpart: str, languages: Iterable[str] = ("fi",)) -> set[str]:
    """Values of the portal's data in `languages` that have a counterpart in the
    language `counterpart`: `x_fi` (or `x`, for Finnish) or `x_sv` beside
    `x_<counterpart>`, where the two differ (an empty counterpart differs)."""
    values = set()
    for model in apps.get_models():
        fields = {field.name for field in model._meta.concrete_fields}
        suffix = f"_{counterpart}"
        for counterpart_field in (name for name in fields if name.endswith(suffix)):
            base = counterpart_field[: -len(suffix)]
            for language in languages:
                field = f"{base}_{language}"
                if field not in fields and language == "fi":
                    field = base
                if field not in fields:
                    continue
                for value, other in model.objects.values_list(
                    field, counterpart_field
                ).distinct():
                    if (
                        isinstance(value, str)
                        and value != other
                        and len(value) >= 4
                        and "\n" not in value.strip()
                    ):
                        values.add(value.strip())
    return values


def visible_texts(html: str, language: str) -> list[str]:
    """The body's text nodes outside scripts and outside elements marked with another
    language than `language` (the `<title>` repeats the page's heading, which is marked
    in the body), and the attribute texts a screen reader reads out."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["head", "script", "style", "template", "noscript"]):
        tag.decompose()
    for tag in soup.select("[lang]"):
        if tag.name != "html" and not tag["lang"].startswith(language):
            tag.decompose()
    texts = [" ".join(text.split()) for text in soup.stripped_strings]
    for tag in soup.select("[aria-label], [title], [placeholder], img[alt]"):
        for name in ("aria-label", "title", "placeholder", "alt"):
            if tag.get(name):
                texts.append(" ".join(tag[name].split()))
    return texts


def crawl_site(client, language: str, limit: int = 120) -> dict[str, str]:
    """The HTML of pages reachable with the test client from /<language>/, each path
    once, at most `SIBLINGS` alike."""
    home = f"/{language}/"
    queue, seen, siblings, pages = [home], {home}, {}, {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        pages[path] = html
        for link in BeautifulSoup(html, "html.parser").select("a[href]"):
            target = urlsplit(urljoin(path, link["href"]))
            if target.netloc not in ("", "testserver") or SKIPPED.search(target.path):
                continue
            if not target.path.startswith(home) or target.path in seen:
                continue
            numbered = re.sub(r"/\d+/", "/N/", target.path)
            alike = (
                numbered
                if numbered != target.path
                else target.path.rstrip("/").rsplit("/", 1)[0]
            )
            if alike.count("/") >= 2 and siblings.get(alike, 0) >= SIBLINGS:
                continue
            seen.add(target.path)
            siblings[alike] = siblings.get(alike, 0) + 1
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


def texts_found(
    pages: dict[str, str],
    texts: set[str],
    language: str,
    proper_names: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """(path, text) for each of `texts` that a page shows as a whole word in its
    visible text in `language`, except in a visible text that is wholly one of
    `proper_names`."""
    words = {text: re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") for text in texts}
    found = []
    for path, html in pages.items():
        for text in set(visible_texts(html, language)) - proper_names:
            found.extend(
                (path, name)
                for name, pattern in words.items()
                if name in text and pattern.search(text)
            )
    return sorted(set(found))
