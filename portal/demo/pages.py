"""Building the demo's pages: find or create a page and its translations, and turn the data
files' body blocks into StreamField data of the portal's blocks (`portal.blocks`).

Pages are written in Finnish and translated with Wagtail's translation API, so the language
switcher links the versions. A page that exists (by slug under its parent, or as the
translation of the Finnish page) is left alone.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from wagtail.models import Locale, Page

from portal.demo.data import markdown_chunks, markdown_html
from portal.demo.registry import Log


def ensure_page(*, parent: Page, page: Page, log: Log) -> Page:
    """The live page with this slug under the parent, created and published if missing."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    log(f"Created page “{page.title}” ({parent.locale.language_code}).")
    return page


def ensure_translation(
    source: Page, locale: Locale, *, log: Log, **fields: Any
) -> Page:
    """The source page's translation into the locale, copied, edited and published."""
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = source.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    log(f"Created translation “{translation.title}” ({locale.language_code}).")
    return translation


def heading(text: str) -> dict[str, Any]:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def paragraph(text: str) -> dict[str, Any]:
    """A rich-text paragraph block from Markdown."""
    return {"type": "paragraph", "value": markdown_html(text)}


def markdown_body(text: str) -> list[dict[str, Any]]:
    """A Markdown text as blocks: each `## heading` a heading, each paragraph or list
    between blank lines a paragraph."""
    blocks = []
    for chunk in markdown_chunks(text):
        if chunk.startswith("## "):
            title, _newline, rest = chunk.partition("\n")
            blocks.append(heading(title.removeprefix("## ").strip()))
            if rest.strip():
                blocks.append(paragraph(rest))
        else:
            blocks.append(paragraph(chunk))
    return blocks


def body_blocks(
    items: Iterable[Mapping[str, Any]],
    *,
    page_id: Callable[[str], int],
    extra: Mapping[str, Callable[[], list[dict[str, Any]]]] | None = None,
) -> list[dict[str, Any]]:
    """A data file's body (a list of one-key mappings: heading, paragraph, call_to_action,
    accordion) as blocks; `page_id` resolves a linked page's key, and `extra` builds the
    blocks of a loader's own kinds of item."""
    blocks: list[dict[str, Any]] = []
    for item in items:
        ((kind, value),) = item.items()
        if kind == "heading":
            blocks.append(heading(value))
        elif kind == "paragraph":
            blocks.append(paragraph(value))
        elif kind == "call_to_action":
            blocks.append(
                {
                    "type": "call_to_action",
                    "value": {
                        "text": value["text"],
                        "link_text": value["link_text"],
                        "page": page_id(value["page"]),
                        "url": "",
                    },
                }
            )
        elif kind == "accordion":
            blocks.append(
                {
                    "type": "accordion",
                    "value": {
                        "heading": value["heading"],
                        "items": [
                            {
                                "title": entry["title"],
                                "body": markdown_html(entry["body"]),
                            }
                            for entry in value["items"]
                        ],
                    },
                }
            )
        elif extra and kind in extra:
            blocks.extend(extra[kind]())
        else:
            raise ValueError(f"Unknown kind of demo block: {kind!r}.")
    return blocks
