"""The Swedish demo has no Finnish from the portal itself: a crawl of the pages reachable
from /sv/ (signed out, then signed in as a member) fails on visible text, outside elements
marked with another language, that is a Finnish interface text of the portal's catalogues
or a Finnish name from the portal's data (a `*_fi` field, or a field with a `_sv`
counterpart, such as a municipality's region). Editors' Finnish content marked `lang="fi"`
is allowed.
"""

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

import polib
import pytest
from bs4 import BeautifulSoup

from tests.crawl import SKIPPED, seed_demo

pytestmark = pytest.mark.django_db

#: Pages alike (under one section, or numbered alike) that the crawl visits.
SIBLINGS = 2
LIMIT = 120
#: Shorter Finnish texts are too often also Swedish, names or codes ("OK", "Espoo").
MIN_LENGTH = 8
#: A Swedish-speaking member of the demo.
MEMBER = "emma.lindqvist@espoo.example"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def finnish_interface_texts() -> set[str]:
    """The Finnish msgstrs (the longest piece between placeholders) that differ from the
    Swedish one of the same msgid."""
    root = Path(settings.BASE_DIR)
    texts = set()
    for fi_path in root.glob("*/locale/fi/LC_MESSAGES/django.po"):
        sv_path = fi_path.parents[2] / "sv" / "LC_MESSAGES" / "django.po"
        swedish = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(sv_path))}
        for entry in polib.pofile(str(fi_path)):
            if not entry.msgstr or entry.obsolete:
                continue
            if swedish.get((entry.msgctxt, entry.msgid)) == entry.msgstr:
                continue
            piece = max(PLACEHOLDER.split(entry.msgstr), key=len).strip(" .:,;–-()")
            if len(piece) >= MIN_LENGTH and "\n" not in piece and "<" not in piece:
                texts.add(" ".join(piece.split()))
    return texts


def finnish_data_names() -> set[str]:
    """Finnish values of the portal's data that have a Swedish counterpart: `x_fi` (or
    `x`) beside `x_sv`, where the two differ."""
    names = set()
    for model in apps.get_models():
        fields = {field.name for field in model._meta.concrete_fields}
        for swedish_field in (name for name in fields if name.endswith("_sv")):
            base = swedish_field[:-3]
            finnish_field = f"{base}_fi" if f"{base}_fi" in fields else base
            if finnish_field not in fields:
                continue
            for finnish, swedish in model.objects.values_list(
                finnish_field, swedish_field
            ).distinct():
                if (
                    isinstance(finnish, str)
                    and finnish != swedish
                    and len(finnish) >= 4
                    and "\n" not in finnish.strip()
                ):
                    names.add(finnish.strip())
    return names


def visible_texts(html: str) -> list[str]:
    """The body's text nodes outside scripts and outside elements in another language
    (the `<title>` repeats the page's heading, which is marked in the body)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["head", "script", "style", "template", "noscript"]):
        tag.decompose()
    for tag in soup.select("[lang]"):
        if tag.name != "html" and not tag["lang"].startswith("sv"):
            tag.decompose()
    texts = [" ".join(text.split()) for text in soup.stripped_strings]
    # Attribute texts a screen reader reads out.
    for tag in soup.select("[aria-label], [title], [placeholder], img[alt]"):
        for name in ("aria-label", "title", "placeholder", "alt"):
            if tag.get(name):
                texts.append(" ".join(tag[name].split()))
    return texts


def crawl_swedish(client) -> dict[str, str]:
    """The HTML of pages reachable from /sv/, each path once, at most SIBLINGS alike."""
    queue, seen, siblings, pages = ["/sv/"], {"/sv/"}, {}, {}
    while queue and len(pages) < LIMIT:
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
            if not target.path.startswith("/sv/") or target.path in seen:
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


def finnish_found(pages: dict[str, str], finnish: set[str]) -> list[tuple[str, str]]:
    words = {text: re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") for text in finnish}
    found = []
    for path, html in pages.items():
        for text in set(visible_texts(html)):
            found.extend(
                (path, name)
                for name, pattern in words.items()
                if name in text and pattern.search(text)
            )
    return sorted(set(found))


def test_the_swedish_demo_shows_no_finnish_from_the_portal(client):
    seed_demo()
    finnish = finnish_interface_texts() | finnish_data_names()
    assert len(finnish) > 500  # the catalogues and the register were read

    signed_out = crawl_swedish(client)
    client.force_login(get_user_model().objects.get(email=MEMBER))
    signed_in = crawl_swedish(client)

    assert len(signed_out) > 20
    assert len(signed_in) > len(signed_out) // 2
    assert any("/forum/" in path for path in signed_in)
    found = finnish_found(signed_out, finnish) + [
        (f"{path} (member)", text) for path, text in finnish_found(signed_in, finnish)
    ]
    assert found == [], "\n".join(f"{path}: {text}" for path, text in found)
